import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The frozen record of an archived campaign (目标任务归档记录): its canonical JSON (RFC 8785) and the
 * SHA-256 of that text, as an archived event's (archive_records). Written once, when the campaign is
 * archived, and never changed after: the trigger refuses a second write or a change of either.
 * And when each unit's part began (its targets issued): a period due before it is not owed, so the
 * read model can count "missing" as the workflow's assessment does (workflows/campaign/periods.ts → owes).
 */
export class CampaignRecords1765700100000 implements MigrationInterface {
  name = 'CampaignRecords1765700100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE campaigns
        ADD COLUMN record_text   text,
        ADD COLUMN record_sha256 text CHECK (record_sha256 ~ '^[0-9a-f]{64}$'),
        ADD CONSTRAINT campaigns_record_whole CHECK ((record_text IS NULL) = (record_sha256 IS NULL))`);
    await q.query('ALTER TABLE campaign_units ADD COLUMN started_at timestamptz');
    await q.query(`
      CREATE FUNCTION campaign_record_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.record_sha256 IS NOT NULL AND (NEW.record_text IS DISTINCT FROM OLD.record_text OR NEW.record_sha256 IS DISTINCT FROM OLD.record_sha256) THEN
          RAISE EXCEPTION 'campaign % is archived: its record is frozen', OLD.id;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query('CREATE TRIGGER campaign_record_frozen BEFORE UPDATE ON campaigns FOR EACH ROW EXECUTE FUNCTION campaign_record_frozen()');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE campaign_units DROP COLUMN started_at');
    await q.query('DROP TRIGGER campaign_record_frozen ON campaigns');
    await q.query('DROP FUNCTION campaign_record_frozen()');
    await q.query('ALTER TABLE campaigns DROP CONSTRAINT campaigns_record_whole, DROP COLUMN record_sha256, DROP COLUMN record_text');
  }
}
