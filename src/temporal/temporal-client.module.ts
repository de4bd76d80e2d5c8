// The Temporal client shared by the API and the worker process.
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG, temporalAddressOf, type AppConfig } from '../config/app-config';
import { TEMPORAL_CLIENT } from './temporal.tokens';

@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        const address = temporalAddressOf(config);
        const connection = await Connection.connect({ address, connectTimeout: 10_000 }).catch((err: Error) => {
          throw new Error(`Temporal is not reachable at ${address} (TEMPORAL_ADDRESS): ${err.message}`);
        });
        return new Client({ connection, namespace: config.temporal.namespace });
      },
    },
  ],
  exports: [TEMPORAL_CLIENT],
})
export class TemporalClientModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
