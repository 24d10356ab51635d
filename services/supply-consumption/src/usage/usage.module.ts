import { Module } from '@nestjs/common';
import { ItemsModule } from '../items/items.module.js';
import { UsageController } from './usage.controller.js';
import { UsageService } from './usage.service.js';

/** Point-of-use supply usages: `POST /usage`, `GET /usage`, `POST /usage/:usageId/void`. */
@Module({
  imports: [ItemsModule],
  controllers: [UsageController],
  providers: [UsageService],
})
export class UsageModule {}
