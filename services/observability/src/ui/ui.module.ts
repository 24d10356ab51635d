import { Module } from '@nestjs/common';
import { AsyncApiController } from './asyncapi.controller.js';
import { loadUiAssets } from './ui-assets.js';
import { DashboardSignIn } from './dashboard-sign-in.js';
import { UI_ASSETS, UiController } from './ui.controller.js';

/** The web dashboard at `/ui` (see ui.controller.ts) and the AsyncAPI document at `/asyncapi.yaml`. */
@Module({
  controllers: [UiController, AsyncApiController],
  providers: [{ provide: UI_ASSETS, useFactory: () => loadUiAssets() }, DashboardSignIn],
})
export class UiModule {}
