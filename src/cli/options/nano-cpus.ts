/** `--cpus 1.5` -> 1500000000 nano-CPUs; a decimal or a fraction (`1/2`), as Go's big.Rat reads it. */
export function parseNanoCpus(text: string): number {
  let value: number;
  if (/^\d+(\.\d+)?$|^\.\d+$/.test(text)) value = Number(text);
  else if (/^\d+\/\d+$/.test(text)) {
    const [num = 0, den = 0] = text.split('/').map(Number);
    value = num / den;
  } else {
    throw new Error(`failed to parse ${text} as a rational number`);
  }
  const nano = Math.round(value * 1e9);
  if (!Number.isFinite(nano) || Math.abs(value * 1e9 - nano) > 1e-6) throw new Error('value is too precise');
  return nano;
}
