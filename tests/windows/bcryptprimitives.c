/*
 * Test scaffolding for running the Windows build under wine; never shipped.
 *
 * Rust's standard library draws its random seeds from ProcessPrng in bcryptprimitives.dll,
 * which Windows 10 and later have and wine 8 lacks, so the program stops at start-up there.
 * This DLL, placed beside the .exe (with WINEDLLOVERRIDES=bcryptprimitives=n), provides it on
 * top of RtlGenRandom (advapi32's SystemFunction036), which wine has.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
