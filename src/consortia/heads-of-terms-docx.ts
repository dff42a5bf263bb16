/**
 * Heads of terms as a Word document (.docx), what bid teams edit and send to their lawyers, written with the `docx`
 * library: a title, the disclaimer, the parties, each section as a numbered heading, questions for the partners in
 * bold with "To settle:", and at the end every question in one list. Styles are Word's own (Heading 1, 2, List
 * Bullet), so a firm's template can restyle it.
 */
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { HeadsOfTerms } from './heads-of-terms.ts';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function headsOfTermsDocx(hot: HeadsOfTerms): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ text: hot.title, heading: HeadingLevel.TITLE }),
    new Paragraph({ children: [new TextRun({ text: hot.disclaimer, italics: true })] }),
    new Paragraph({
      text: `Model: ${hot.model.label}${hot.model.chosenBy === 'advice' ? ' (the best fit in Consortia’s advice)' : ''}. Governing law: ${hot.governingLaw}.`,
    }),
  ];
  hot.sections.forEach((section, i) => {
    children.push(new Paragraph({ text: `${i + 1}. ${section.heading}`, heading: HeadingLevel.HEADING_1 }));
    for (const p of section.paragraphs)
      children.push(
        p.question
          ? new Paragraph({ children: [new TextRun({ text: 'To settle: ', bold: true }), new TextRun({ text: p.text, bold: true })] })
          : new Paragraph({ text: p.text }),
      );
  });
  children.push(new Paragraph({ text: 'Questions for the partners', heading: HeadingLevel.HEADING_1 }));
  for (const q of hot.questions) children.push(new Paragraph({ text: q, bullet: { level: 0 } }));
  const doc = new Document({
    creator: 'Consortia',
    title: hot.title,
    description: hot.disclaimer,
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
