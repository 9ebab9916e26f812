export interface ResolvConf {
  nameservers: string[];
  search: string[];
  options: string[];
}

/**
 * Parses resolv.conf text as glibc does (resolv.conf(5)): "#" and ";" start comments,
 * keywords are followed by blanks, every "nameserver" adds one server, the last of
 * "search" / "domain" wins, and "options" lines accumulate. Unknown lines are ignored.
 */
export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], search: [], options: [] };
  for (const line of text.split('\n')) {
    const fields = line.replace(/[#;].*$/, '').trim().split(/[ \t]+/).filter((f) => f !== '');
    const [keyword, ...values] = fields;
    switch (keyword) {
      case 'nameserver':
        if (values[0] !== undefined) conf.nameservers.push(values[0]);
        break;
      case 'search':
        conf.search = values;
        break;
      case 'domain':
        conf.search = values.slice(0, 1);
        break;
      case 'options':
        conf.options.push(...values);
        break;
    }
  }
  return conf;
}
