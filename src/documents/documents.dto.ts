// What the API says of a stored document beside the file itself.

export const PDF_TYPE = 'application/pdf';

/** The download's header carrying the SHA-256 of the bytes, as the lists of notices show it. */
export const DOCUMENT_SHA256_HEADER = 'X-Document-SHA256';
