/** A board title as a file name (letters, digits, dot, dash, underscore). */
export function fileSafe(title: string): string {
  return (title || 'board').replace(/[^\w.-]+/g, '-');
}
