export interface ComparisonLike {
  k: number[];
  points: { k: number; a: number; b: number; diff: number; low: number; high: number }[];
  crossover: { behind: 'a' | 'b' | null; k: number | null; low: number | null; high: number | null };
}
export function comparisonVerdict(comparison: ComparisonLike): string;
