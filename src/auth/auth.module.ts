// Sign-in, sessions, and the guard that makes every other route require a token (APP_GUARD, so it
// covers controllers of every module). The API process imports it; the worker does not need it.
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { OrgModule } from '../org/org.module';
import { AccountsRepository } from './accounts.repository';
import { AuthController, UserSessionsController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { LoginLockouts } from './login-lockouts';
import { PgThrottlerStorage } from './login-throttle-storage';
import { LoginThrottlerGuard } from './login-throttler.guard';

@Module({
  imports: [
    OrgModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.auth.jwtSecret,
        signOptions: { algorithm: 'HS256', issuer: 'fulian-flow' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'fulian-flow' },
      }),
    }),
    // Bound only to sign-in and password change (LoginThrottlerGuard on those routes), not globally.
    // Counted in PostgreSQL, so N API processes share one limit and a restart keeps it.
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, DataSource],
      useFactory: (config: AppConfig, dataSource: DataSource) => ({
        throttlers: [{ ttl: 60_000, limit: config.auth.loginRateLimit }],
        storage: new PgThrottlerStorage(dataSource),
      }),
    }),
  ],
  controllers: [AuthController, UserSessionsController],
  providers: [AuthService, AccountsRepository, LoginLockouts, LoginThrottlerGuard, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
