// madge ships no types; the architecture test uses only this much of it.
declare module 'madge' {
  interface MadgeResult {
    circular(): string[][];
  }
  export default function madge(
    paths: string[],
    config?: { fileExtensions?: string[]; tsConfig?: string; detectiveOptions?: { ts?: { skipTypeImports?: boolean } } },
  ): Promise<MadgeResult>;
}
