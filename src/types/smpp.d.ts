/**
 * The parts of `smpp` 0.5.1 (no types published) that the SMS gateway and its test server use.
 * Parameter names are the SMPP specification's.
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer } from 'node:net';

  // CommonJS: imported as `import smpp from 'smpp'`.
  namespace smpp {
    /** A decoded message field: text, with its user data header when there is one. */
    interface DecodedMessage {
      message: string | Buffer;
      udh?: Buffer[];
    }

    class PDU {
      constructor(command: string, options?: Record<string, unknown>);
      command: string;
      command_status: number;
      sequence_number: number;
      // Every other field of the command, by its specification name.
      [field: string]: unknown;
      isResponse(): boolean;
      response(options?: Record<string, unknown>): PDU;
    }

    class Session extends EventEmitter {
      send(
        pdu: PDU,
        responseCallback?: (pdu: PDU) => void,
        sendCallback?: (pdu: PDU) => void,
      ): boolean;
      close(callback?: () => void): void;
      destroy(callback?: () => void): void;
      pause(): void;
      resume(): void;
      bind_transceiver(options: Record<string, unknown>, callback?: (pdu: PDU) => void): boolean;
      submit_sm(options: Record<string, unknown>, callback?: (pdu: PDU) => void): boolean;
      deliver_sm(options: Record<string, unknown>, callback?: (pdu: PDU) => void): boolean;
      enquire_link(options?: Record<string, unknown>, callback?: (pdu: PDU) => void): boolean;
      unbind(options?: Record<string, unknown>, callback?: (pdu: PDU) => void): boolean;
    }

    interface Server extends NetServer {
      sessions: Session[];
    }

    function connect(options: {
      host: string;
      port: number;
      tls?: boolean;
      auto_enquire_link_period?: number;
    }): Session;
    function createServer(listener?: (session: Session) => void): Server;

    const gsmCoder: {
      GSM: { charRegex: RegExp };
      encode(text: string, shift: number): Buffer;
      decode(bytes: Buffer, shift: number): string;
    };

    const ESME_ROK: number;
    const ESME_RBINDFAIL: number;
    const ESME_RX_T_APPN: number;
    const ESME_RSYSERR: number;
  }
  export = smpp;
}
