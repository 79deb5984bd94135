/** Prints a command's result: JSON for scripts (`--json`), or text for a person. */
export const print = (json: boolean | undefined, value: unknown, text: () => string): void => {
  process.stdout.write(json === true ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
};
