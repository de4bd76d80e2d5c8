import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { seedOrganisation, type SeedOptions } from '../org/org.seed';
import { seedWorkingCalendar } from '../calendar/calendar.seed';

export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    applicationName: 'fulian-flow',
    extra: { max: poolSize, connectionTimeoutMillis: 5000 },
  };
}

/** Applies pending migrations, then the seed data; both are idempotent. */
export async function migrateAndSeed(url: string, seed: SeedOptions, log: (msg: string) => void): Promise<void> {
  const ds = new DataSource(dataSourceOptions(url, 2));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations();
    log(applied.length ? `Applied migrations: ${applied.map((m) => m.name).join(', ')}` : 'Schema is up to date');
    const seeded = await seedOrganisation(ds, seed);
    log(
      `Organisation seeded: ${seeded.units} units` +
        (seed.seedDemoUsers ? `, ${seeded.usersCreated} demo users created` : ', demo users off (SEED_DEMO_USERS=false)'),
    );
    const years = await seedWorkingCalendar(ds);
    log(years.length ? `Working-day calendar seeded from chinese-days: ${years[0]}–${years[years.length - 1]}` : 'Working-day calendar is up to date');
  } finally {
    await ds.destroy();
  }
}
