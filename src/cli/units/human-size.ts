const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/**
 * go-units HumanSizeWithPrecision: decimal units, `precision` significant digits
 * (docker's tables use 3: "1.24MB", "4.4kB", "0B").
 */
export function humanSize(bytes: number, precision = 4): string {
  return customSize(bytes, 1000, DECIMAL_UNITS, precision);
}

/** go-units BytesSize: binary units, 4 significant digits ("7.756GiB"). */
export function bytesSize(bytes: number): string {
  return customSize(bytes, 1024, BINARY_UNITS, 4);
}

function customSize(size: number, base: number, units: string[], precision: number): string {
  let i = 0;
  while (size >= base && i < units.length - 1) {
    size /= base;
    i++;
  }
  return `${formatG(size, precision)}${units[i]}`;
}

/** Go's `%.{p}g`: p significant digits, trailing zeros dropped, exponent when it is < -4 or >= p. */
export function formatG(value: number, precision: number): string {
  if (value === 0) return '0';
  const text = value.toPrecision(precision);
  if (text.includes('e')) {
    const [mantissa = '', exp = ''] = text.split('e');
    const sign = exp.startsWith('-') ? '-' : '+';
    return `${stripZeros(mantissa)}e${sign}${exp.replace(/^[-+]/, '').padStart(2, '0')}`;
  }
  return stripZeros(text);
}

function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
