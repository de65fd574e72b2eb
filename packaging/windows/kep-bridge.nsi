; kep-bridge for Windows: a per-user installer. It needs no administrator rights: the
; program and its host manifests go to %LOCALAPPDATA%\Programs\kep-bridge, the
; registrations to HKCU. Built by `npm run package` (packaging/windows-setup.ts) with
; makensis from NSIS 3, on Windows or, as a cross build, on Linux:
;   makensis /DVERSION=0.1.0 /DSTAGE=<folder with kep-bridge.exe, manifests, registry.nsh> /DOUTFILE=<setup> kep-bridge.nsi
Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

Name "kep-bridge ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\kep-bridge"
BrandingText "kep-bridge ${VERSION}"

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\kep-bridge"

!include "${STAGE}\registry.nsh"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Section "kep-bridge"
  SetOutPath "$INSTDIR"
  File "${STAGE}\kep-bridge.exe"
  File "${STAGE}\ru.kepbridge.host.chromium.json"
  File "${STAGE}\ru.kepbridge.host.firefox.json"
  !insertmacro KEP_REGISTER_HOST
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "kep-bridge"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "kep-bridge"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  !insertmacro KEP_UNREGISTER_HOST
  ; What the program wrote for this user there: the unpacked PKCS#11 addon (see
  ; native-host/src/executable) and its log (native-host/src/log.ts).
  Delete "$LOCALAPPDATA\kep-bridge\pkcs11-*.node"
  Delete "$LOCALAPPDATA\kep-bridge\host.log"
  Delete "$LOCALAPPDATA\kep-bridge\host.log.1"
  RMDir "$LOCALAPPDATA\kep-bridge"
  Delete "$INSTDIR\kep-bridge.exe"
  Delete "$INSTDIR\ru.kepbridge.host.chromium.json"
  Delete "$INSTDIR\ru.kepbridge.host.firefox.json"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
