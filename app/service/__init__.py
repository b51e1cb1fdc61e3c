"""Service records the store kept on paper (issue #19): gifts and surprises
(``gifts``) and free alterations and deliveries (``alterations``). Each action takes
the actor (keyword-only), runs in one transaction, is audited and returns ``Changes``.
"""
