// bcryptprimitives.dll for Wine 8, which lacks ProcessPrng: Go 1.22 and later load it at start-up for random bytes.
// Forwards to RtlGenRandom (advapi32's SystemFunction036), which Wine has. Built by scripts/install-windows-deps.sh.
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

// Windows documents ProcessPrng as always returning TRUE; RtlGenRandom takes a ULONG length, so large requests go in chunks.
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
  while (length > 0) {
    ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
    if (!SystemFunction036(data, chunk)) return FALSE;
    data += chunk;
    length -= chunk;
  }
  return TRUE;
}
