import { Module } from '@nestjs/common';
import { loadUiAssets } from './ui-assets.js';
import { UI_ASSETS, UiController } from './ui.controller.js';

/** The web dashboard at `/ui` (see ui.controller.ts). */
@Module({
  controllers: [UiController],
  providers: [{ provide: UI_ASSETS, useFactory: () => loadUiAssets() }],
})
export class UiModule {}
