import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent, tickLabels } from './format.js';

describe('formatPercent', () => {
  it('writes shares as percentages with one decimal', () => {
    expect([0.712, 0.7125, 1, 0, -0.0001, 0.05].map((v) => formatPercent(v))).toEqual([
      '71.2%',
      '71.3%',
      '100.0%',
      '0.0%',
      '0.0%',
      '5.0%',
    ]);
    expect(formatPercent(0.7123, 2)).toBe('71.23%');
  });
});

describe('formatNumber', () => {
  it('keeps integers, rounds others to 4 significant digits, large ones to integers', () => {
    expect([64, 1024, 0.123456, 12.3456, 1234.5, -2.5, 0.00001234].map(formatNumber)).toEqual([
      '64',
      '1024',
      '0.1235',
      '12.35',
      '1235',
      '-2.5',
      '1.23e-5',
    ]);
  });
});

describe('tickLabels', () => {
  it('uses the fewest decimals that write every tick exactly', () => {
    expect(tickLabels([0, 0.2, 0.4], 'number')).toEqual(['0.0', '0.2', '0.4']);
    expect(tickLabels([0, 0.25, 0.5, 0.75], 'number')).toEqual(['0.00', '0.25', '0.50', '0.75']);
    expect(tickLabels([0, 500, 1000], 'number')).toEqual(['0', '500', '1000']);
  });

  it('writes percent ticks from shares', () => {
    expect(tickLabels([0, 0.2, 0.4, 0.6, 0.8, 1], 'percent')).toEqual([
      '0%',
      '20%',
      '40%',
      '60%',
      '80%',
      '100%',
    ]);
    expect(tickLabels([0.1, 0.105, 0.11], 'percent')).toEqual(['10.0%', '10.5%', '11.0%']);
  });
});
