/** The one error this package throws: a spec that cannot be drawn (bad domain, bad bins, bad colour). */
export class PlotError extends Error {
  override readonly name = 'PlotError';
}
