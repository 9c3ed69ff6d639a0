/** A stand-in for stdout or stderr that keeps what is written, for commands under test. */
export function capture(): { write: (chunk: string) => boolean; text: () => string } {
  let text = "";
  return {
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}
