/**
 * What a PDF says, read back with Mozilla's pdf.js (the reader inside Firefox), for tests of the PDFs we write: the
 * text of each page in reading order, the document's title, and whether it is tagged (has a logical structure).
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfReading {
  pages: string[];
  text: string;
  title: string | undefined;
  language: string | undefined;
  tagged: boolean;
  /** structure element roles in document order (H1, P, L, …), from the structure tree of every page */
  roles: string[];
}

export async function readPdf(bytes: Uint8Array): Promise<PdfReading> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  const roles: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
    const tree = await page.getStructTree();
    const walk = (node: { role?: string; children?: unknown[] } | null) => {
      if (!node) return;
      if (node.role && node.role !== 'Root') roles.push(node.role);
      for (const child of node.children ?? []) walk(child as { role?: string; children?: unknown[] });
    };
    walk(tree);
  }
  const meta = await pdf.getMetadata();
  const info = meta.info as { Title?: string; Language?: string };
  const markInfo = await pdf.getMarkInfo();
  await pdf.destroy();
  return { pages, text: pages.join('\n'), title: info.Title, language: info.Language, tagged: markInfo?.Marked === true, roles };
}
