import { linearScale, linePath, stepBandPath, stepPath } from './geometry';

const x = linearScale([0, 10], [0, 100]);
const y = linearScale([0, 10], [100, 0]);

describe('chart geometry', () => {
  it('maps domains to ranges, inverted for y', () => {
    expect(x(5)).toBe(50);
    expect(y(10)).toBe(0);
    expect(linearScale([3, 3], [0, 10])(3)).toBe(0);
  });

  it('draws steps that hold each value until the next sample and to the end', () => {
    const d = stepPath(
      [
        { t: 0, v: 2 },
        { t: 5, v: 4 },
      ],
      x,
      y,
      10,
    );
    expect(d).toBe('M0,80 H50 V60 H100');
  });

  it('closes a band between a lower and an upper step line', () => {
    const d = stepBandPath(
      [
        { t: 0, v: 1 },
        { t: 5, v: 2 },
      ],
      [
        { t: 0, v: 8 },
        { t: 5, v: 9 },
      ],
      x,
      y,
      10,
    );
    expect(d).toBe('M0,20 H50 V10 H100 V80 H50 V90 H0 Z');
  });

  it('draws straight lines and nothing for no points', () => {
    expect(
      linePath(
        [
          { t: 0, v: 0 },
          { t: 10, v: 10 },
        ],
        x,
        y,
      ),
    ).toBe('M0,100 L100,0');
    expect(stepPath([], x, y)).toBe('');
  });
});
