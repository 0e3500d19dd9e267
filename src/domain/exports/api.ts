/** The answer of an export route, for the OpenAPI document: a file, sent as a stream. */
import { z } from 'zod';

const file = (description: string) =>
  z.unknown().meta({ type: 'string', format: 'binary', description });

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const exportFileResponse = {
  description:
    'Le fichier de la liste filtrée (en-tête Content-Disposition : attachment) : CSV (UTF-8 avec BOM, points-virgules) ou classeur Excel',
  content: {
    'text/csv': { schema: file('CSV pour Excel en français') },
    [XLSX_TYPE]: { schema: file('Classeur Excel (XLSX)') },
  },
};
