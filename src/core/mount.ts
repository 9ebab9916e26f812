/** A filesystem mount as the kernel (and the OCI runtime spec) sees it. */
export interface Mount {
  type: string;
  source: string;
  target: string;
  options: string[];
}
