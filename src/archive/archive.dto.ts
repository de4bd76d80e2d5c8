// What the API answers of an archived event's record (归档记录) and its verification.
import { ApiProperty } from '@nestjs/swagger';

const instant = { type: 'string', format: 'date-time' } as const;
const hex = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;

/** The frozen record as a reader first sees it: when, and its hash. */
export class ArchiveSummaryDto {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty(instant) archivedAt: string;
  @ApiProperty({ ...hex, description: 'SHA-256 (hex) of the record\'s canonical JSON (RFC 8785), as stored at archiving' }) sha256: string;
  @ApiProperty({ description: 'Where the archived report (PDF) is downloaded' }) reportUrl: string;
}

/** A stored document of the event, its bytes hashed again. */
export class VerifiedDocumentDto {
  @ApiProperty({ enum: ['notice', 'decision', 'meeting-notice', 'report'] }) kind: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ ...hex, description: 'As stored when the document was rendered' }) sha256: string;
  @ApiProperty({
    description:
      'Stored by the time the event was archived, so the record holds its hash; false: rendered after archiving (a notice PDF first downloaded later, the report), checked against its own stored hash only',
  })
  inRecord: boolean;
  @ApiProperty({ description: "The stored bytes hash to the stored sha256 and, when the record holds one, to the record's; false too for a document the record names that is no longer stored" })
  matches: boolean;
}

export class ArchiveVerificationDto {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty(instant) archivedAt: string;
  @ApiProperty({ ...hex, description: 'As stored at archiving' }) sha256: string;
  @ApiProperty({ ...hex, description: 'SHA-256 of the stored canonical text, computed now' }) recomputed: string;
  @ApiProperty({ description: 'The recomputed hash is the stored one, and the stored canonical text is the canonical form of the stored record' })
  matches: boolean;
  @ApiProperty({ type: [VerifiedDocumentDto], description: "Every document stored for the event (its notices' and its report's PDFs), and any the record names that is missing" })
  documents: VerifiedDocumentDto[];
}
