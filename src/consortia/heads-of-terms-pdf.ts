/**
 * Heads of terms as a PDF, for partners who read and file rather than edit (the Word document is for editing), written
 * with `pdfkit`: the same content and order as the .docx (heads-of-terms-docx.ts) — title, the disclaimer, the model,
 * each section as a numbered heading, questions for the partners in bold with "To settle:", and every question again
 * at the end — with page numbers.
 *
 * Accessible (PDF/UA-1 structure, as far as pdfkit goes): a tagged PDF in British English whose title is shown in the
 * viewer's title bar, with a logical structure of headings, paragraphs and a list in reading order; page numbers are
 * marked as artifacts so a screen reader skips them. The fonts (DejaVu Sans, data/fonts) are embedded and subset, so
 * names outside Latin-1 (Welsh ŵ and ŷ, Polish, Turkish) print as written on any machine.
 */
import PDFDocument from 'pdfkit';
import { fileURLToPath } from 'node:url';
import type { HeadsOfTerms } from './heads-of-terms.ts';

export const PDF_TYPE = 'application/pdf';

const FONTS = {
  regular: fileURLToPath(new URL('../../data/fonts/DejaVuSans.ttf', import.meta.url)),
  bold: fileURLToPath(new URL('../../data/fonts/DejaVuSans-Bold.ttf', import.meta.url)),
  italic: fileURLToPath(new URL('../../data/fonts/DejaVuSans-Oblique.ttf', import.meta.url)),
};

/** A4 with 2.5 cm margins, the size UK bid teams print on. */
const PAGE = { size: 'A4', margin: 72 } as const;
const SIZE = { title: 20, heading: 13, body: 10.5, footer: 8 };

export async function headsOfTermsPdf(hot: HeadsOfTerms, now: Date = new Date(hot.draftedAt)): Promise<Buffer> {
  const doc = new PDFDocument({
    ...PAGE,
    pdfVersion: '1.7',
    // pdfkit writes PDF/UA-1's identification (its XMP metadata) for this; @types/pdfkit lists only the PDF/A subsets.
    subset: 'PDF/UA' as unknown as PDFKit.Mixins.PDFSubsets,
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    bufferPages: true,
    info: {
      Title: hot.title,
      Author: 'Consortia',
      Subject: hot.disclaimer,
      Creator: 'Consortia',
      CreationDate: now,
      ModDate: now,
    },
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.registerFont('italic', FONTS.italic);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  // Each closure runs when its element is attached, so content goes on the page in reading order.
  const block = (tag: 'H1' | 'H2' | 'P', font: string, size: number, text: string, gap: number) =>
    root.add(
      doc.struct(tag, {}, () => {
        doc.font(font).fontSize(size).text(`${text} `, { paragraphGap: gap });
      }),
    );

  block('H1', 'bold', SIZE.title, hot.title, 8);
  block('P', 'italic', SIZE.body, hot.disclaimer, 6);
  block(
    'P',
    'regular',
    SIZE.body,
    `Model: ${hot.model.label}${hot.model.chosenBy === 'advice' ? ' (the best fit in Consortia’s advice)' : ''}. Governing law: ${hot.governingLaw}.`,
    10,
  );
  hot.sections.forEach((section, i) => {
    doc.moveDown(0.4);
    block('H2', 'bold', SIZE.heading, `${i + 1}. ${section.heading}`, 4);
    for (const p of section.paragraphs)
      root.add(
        doc.struct('P', {}, () => {
          if (p.question) doc.font('bold').fontSize(SIZE.body).text(`To settle: ${p.text} `, { paragraphGap: 5 });
          else doc.font('regular').fontSize(SIZE.body).text(`${p.text} `, { paragraphGap: 5 });
        }),
      );
  });
  doc.moveDown(0.4);
  block('H2', 'bold', SIZE.heading, 'Questions for the partners', 4);
  const list = doc.struct('L');
  root.add(list);
  for (const q of hot.questions)
    list.add(
      doc.struct('LI', {}, [
        doc.struct('Lbl', {}, () => {
          doc.font('regular').fontSize(SIZE.body).text('• ', { continued: true });
        }),
        doc.struct('LBody', {}, () => {
          doc.text(`${q} `, { paragraphGap: 3 });
        }),
      ]),
    );
  list.end();
  root.end();

  // Page numbers, written last into each buffered page, as artifacts (not part of the document's text).
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.height - PAGE.margin / 2;
    doc.page.margins.bottom = 0; // the footer sits in the margin: without this, writing there starts a new page
    doc.markContent('Artifact', { type: 'Pagination', attached: ['Bottom'] });
    doc
      .font('regular')
      .fontSize(SIZE.footer)
      .text(`Page ${i + 1} of ${range.count}`, PAGE.margin, bottom, {
        align: 'center',
        width: doc.page.width - 2 * PAGE.margin,
        lineBreak: false,
      });
    doc.endMarkedContent();
  }
  doc.end();
  return done;
}
