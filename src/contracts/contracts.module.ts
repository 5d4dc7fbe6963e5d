import { Module } from '@nestjs/common';
import { AnnounceContractController } from './commands/announce-contract/announce-contract.http.controller';
import { AnnounceContractHandler } from './commands/announce-contract/announce-contract.handler';
import { RecordPaymentController } from './commands/record-payment/record-payment.http.controller';
import { RecordPaymentHandler } from './commands/record-payment/record-payment.handler';
import { RecordEvaluationController } from './commands/record-evaluation/record-evaluation.http.controller';
import { RecordEvaluationHandler } from './commands/record-evaluation/record-evaluation.handler';
import { RecordViolationController } from './commands/record-violation/record-violation.http.controller';
import { RecordViolationHandler } from './commands/record-violation/record-violation.handler';
import { CompleteContractController } from './commands/complete-contract/complete-contract.http.controller';
import { CompleteContractHandler } from './commands/complete-contract/complete-contract.handler';
import { ActivateTakeoverController } from './commands/activate-takeover/activate-takeover.http.controller';
import { ActivateTakeoverHandler } from './commands/activate-takeover/activate-takeover.handler';
import { GetContractController } from './queries/get-contract.http.controller';

@Module({
  controllers: [
    AnnounceContractController,
    RecordPaymentController,
    RecordEvaluationController,
    RecordViolationController,
    CompleteContractController,
    ActivateTakeoverController,
    GetContractController,
  ],
  providers: [
    AnnounceContractHandler,
    RecordPaymentHandler,
    RecordEvaluationHandler,
    RecordViolationHandler,
    CompleteContractHandler,
    ActivateTakeoverHandler,
  ],
})
export class ContractsModule {}
