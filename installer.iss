; Inno Setup script for VIP Keeper (贵宾管家): a per-user Windows installer.
;
; Build on Windows, after `py tasks.py bundle` has made dist\VIPKeeper\:
;     py tasks.py installer            (finds ISCC.exe, Inno Setup 6)
; or  "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" installer.iss
; The result is dist\VIPKeeper-Setup-<version>.exe.
;
; What it does, and what it never does:
; * installs per user (no administrator rights): {autopf} is %LOCALAPPDATA%\Programs
;   when PrivilegesRequired=lowest;
; * a Start-menu entry for the app and an optional desktop icon;
; * the uninstaller removes only the program files it installed. The store's data
;   (the database, its backups and the log) lives in the user's data folder,
;   %APPDATA%\VIPKeeper\VIPKeeper\, which this script never names: no [UninstallDelete]
;   and no [InstallDelete] entries, so uninstalling or upgrading cannot touch it.
;   tests/unit/test_installer.py keeps these promises checked.

#define AppName "贵宾管家 VIP Keeper"
#define AppExe "VIPKeeper.exe"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6E3C5B0E-4F1A-4E55-9B7A-6D2C8A1F3B27}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=VIP Keeper
DefaultDirName={autopf}\VIPKeeper
DefaultGroupName=贵宾管家
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=dist
OutputBaseFilename=VIPKeeper-Setup-{#AppVersion}
SetupIconFile=resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
; Chinese first. ChineseSimplified.isl is a community translation that Inno Setup does
; not ship: put it in Inno Setup's Languages folder (github.com/jrsoftware/issrc,
; Files\Languages\Unofficial) to get a Chinese installer; without it, English only.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The PyInstaller one-folder bundle: VIPKeeper.exe (windowed), VIPKeeper-cli.exe (the
; console companion for `report`, `backup`, `import` …) and _internal\.
Source: "dist\VIPKeeper\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\贵宾管家"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\{#AppExe}"
Name: "{autodesktop}\贵宾管家"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,贵宾管家}"; Flags: nowait postinstall skipifsilent
