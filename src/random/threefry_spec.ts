// Threefry-2x32 (Salmon et al. 2011, 20 rounds) as JAX uses it: the rotation
// schedules of even and odd blocks of four rounds, and the key-schedule parity
// constant. The reference kernel (backend/js/threefry.ts) and the compiler's
// lowering (compiler/lower_threefry.ts) both read them from here.
export const ROT0 = [13, 15, 26, 6];
export const ROT1 = [17, 29, 16, 24];
export const KS_PARITY = 0x1bd11bda;
