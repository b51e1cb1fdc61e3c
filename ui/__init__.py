"""VIP Keeper's Qt user interface: application setup, main window, pages and dialogs.

Everything here calls ``app/`` for data and actions; no SQL and no business rules live
in ``ui/``. Source strings are English, wrapped in ``tr()``; the Chinese comes from
``resources/translations/vipkeeper_zh_CN.ts``.
"""
