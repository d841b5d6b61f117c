/** A worker thread that checks boards one message at a time, with one SourceHost for all of them. */
import { parentPort, workerData } from 'node:worker_threads';
import { SourceHost } from '../../../src/dts/index.js';
import { checkBoard } from './check-board.js';

export interface WorkerSetup {
  root: string;
  refDir: string;
}

const setup = workerData as WorkerSetup;
const host = new SourceHost();

parentPort?.on('message', (board: string) => {
  parentPort?.postMessage(checkBoard(setup.root, setup.refDir, board, host));
});
