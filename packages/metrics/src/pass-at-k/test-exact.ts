// Exact rational references for the tests (BigInt binomials), excluded from the build.

/** num/den as the nearest double (to well under an ulp). */
export function ratioToNumber(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const shift = den.toString(2).length - num.toString(2).length + 80;
  const scaled = shift >= 0 ? (num << BigInt(shift)) / den : num / (den << BigInt(-shift));
  return Number(scaled) / 2 ** shift;
}

/** Exact pass@k = (C(n,k) - C(n-c,k)) / C(n,k) for every k = 1..n. */
export function exactPassAtKCurve(n: number, c: number): number[] {
  const curve: number[] = [];
  let all = 1n; // C(n, k)
  let wrong = 1n; // C(n - c, k)
  for (let k = 1; k <= n; k++) {
    all = (all * BigInt(n - k + 1)) / BigInt(k);
    wrong = n - c - k + 1 > 0 ? (wrong * BigInt(n - c - k + 1)) / BigInt(k) : 0n;
    curve.push(ratioToNumber(all - wrong, all));
  }
  return curve;
}

export function binomial(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let value = 1n;
  for (let i = 1; i <= k; i++) value = (value * BigInt(n - k + i)) / BigInt(i);
  return value;
}

export function relativeError(value: number, exact: number): number {
  return exact === 0 ? Math.abs(value) : Math.abs(value - exact) / Math.abs(exact);
}
