/**
 * The order acknowledgement feed as XML (read back with fast-xml-parser: envelope, one Message per order,
 * StatusCode Failure, Items with their CancelReason, XSD element order, values escaped), and its XML
 * processing report read onto the messages sent.
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildOrderAcknowledgementFeed } from './orderAcknowledgementFeed.ts';
import { parseXmlProcessingReport, readXmlProcessingReport } from './xmlProcessingReport.ts';

const read = (xml: string) =>
  new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    isArray: (n) => n === 'Message' || n === 'Item',
  }).parse(xml, true) as {
    AmazonEnvelope: Record<string, unknown> & { Message: Array<Record<string, Record<string, unknown>>> };
  };

describe('buildOrderAcknowledgementFeed', () => {
  const doc = buildOrderAcknowledgementFeed('A1SELLER', [
    {
      record: 'cancel-1',
      amazonOrderId: '114-1234567-1234567',
      merchantOrderId: 'SO-<1>&',
      items: [
        { amazonOrderItemCode: '12345678901234', cancelReason: 'NoInventory' },
        { amazonOrderItemCode: '00012345678901', merchantOrderItemId: 'L2', cancelReason: 'BuyerCanceled' },
      ],
    },
    { record: 'cancel-2', amazonOrderId: '114-7654321-7654321', items: [] },
  ]);

  it('one envelope, one message per order, StatusCode Failure, items with their reasons', () => {
    const env = read(doc.content).AmazonEnvelope;
    expect(doc.content.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(env.Header).toEqual({ DocumentVersion: '1.01', MerchantIdentifier: 'A1SELLER' });
    expect(env.MessageType).toBe('OrderAcknowledgement');
    expect(env.Message.map((m) => m.MessageID)).toEqual(['1', '2']);
    expect(env.Message[0]!.OrderAcknowledgement).toEqual({
      AmazonOrderID: '114-1234567-1234567',
      MerchantOrderID: 'SO-<1>&',
      StatusCode: 'Failure',
      Item: [
        { AmazonOrderItemCode: '12345678901234', CancelReason: 'NoInventory' },
        { AmazonOrderItemCode: '00012345678901', MerchantOrderItemID: 'L2', CancelReason: 'BuyerCanceled' },
      ],
    });
    // A whole-order cancel has no Item (the reason exists only on Item).
    expect(env.Message[1]!.OrderAcknowledgement).toEqual({
      AmazonOrderID: '114-7654321-7654321',
      StatusCode: 'Failure',
    });
    expect([...doc.messages]).toEqual([
      [1, { record: 'cancel-1', amazonOrderId: '114-1234567-1234567' }],
      [2, { record: 'cancel-2', amazonOrderId: '114-7654321-7654321' }],
    ]);
  });

  it('escapes values and keeps the XSD’s element order', () => {
    expect(doc.content).toContain('<MerchantOrderID>SO-&lt;1&gt;&amp;</MerchantOrderID>');
    expect(doc.content).toMatch(
      /<AmazonOrderID>.*<MerchantOrderID>.*<StatusCode>.*<Item><AmazonOrderItemCode>/,
    );
  });

  it('refuses a reason outside the published schema unless the newer ones are enabled', () => {
    const cancel = {
      record: 1,
      amazonOrderId: '1',
      items: [{ amazonOrderItemCode: '2', cancelReason: 'PricingError' as const }],
    };
    expect(buildOrderAcknowledgementFeed('S', [cancel]).refused).toEqual([
      { record: 1, amazonOrderId: '1', reason: expect.stringMatching(/PricingError/) },
    ]);
    expect(buildOrderAcknowledgementFeed('S', [cancel], { newerReasons: true }).messages.size).toBe(1);
  });
});

const reportXml = (
  results: string,
  summary = [2, 1, 1, 0],
  status = 'Complete',
) => `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
  <Header><DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>A1SELLER</MerchantIdentifier></Header>
  <MessageType>ProcessingReport</MessageType>
  <Message><MessageID>1</MessageID><ProcessingReport>
    <DocumentTransactionID>50001</DocumentTransactionID><StatusCode>${status}</StatusCode>
    <ProcessingSummary><MessagesProcessed>${summary[0]}</MessagesProcessed><MessagesSuccessful>${summary[1]}</MessagesSuccessful>
      <MessagesWithError>${summary[2]}</MessagesWithError><MessagesWithWarning>${summary[3]}</MessagesWithWarning></ProcessingSummary>
    ${results}
  </ProcessingReport></Message>
</AmazonEnvelope>`;

describe('the XML processing report', () => {
  const messages = new Map([
    [1, { record: 'a', amazonOrderId: '114-1' }],
    [2, { record: 'b', amazonOrderId: '114-2' }],
  ]);

  it('a message without an Error result succeeded; codes stay text', () => {
    const xml = reportXml(
      `<Result><MessageID>2</MessageID><ResultCode>Error</ResultCode><ResultMessageCode>05001</ResultMessageCode>
        <ResultDescription>The order is already shipped.</ResultDescription>
        <AdditionalInfo><AmazonOrderID>114-2</AmazonOrderID></AdditionalInfo></Result>`,
    );
    const { report, messages: outcomes } = readXmlProcessingReport(xml, messages);
    expect(report).toMatchObject({
      documentTransactionId: '50001',
      statusCode: 'Complete',
      summary: { messagesProcessed: 2, messagesSuccessful: 1, messagesWithError: 1, messagesWithWarning: 0 },
    });
    expect(outcomes.map((o) => [o.record, o.status])).toEqual([
      ['a', 'SUCCESS'],
      ['b', 'ERROR'],
    ]);
    expect(outcomes[1]!.results[0]).toEqual({
      messageId: 2,
      resultCode: 'Error',
      resultMessageCode: '05001',
      resultDescription: 'The order is already shipped.',
      additionalInfo: { AmazonOrderID: '114-2' },
    });
  });

  it('a warning alone is a success; a result about message 0 is the document’s', () => {
    const xml = reportXml(
      `<Result><MessageID>1</MessageID><ResultCode>Warning</ResultCode><ResultMessageCode>5000</ResultMessageCode><ResultDescription>w</ResultDescription></Result>
       <Result><MessageID>0</MessageID><ResultCode>Warning</ResultCode><ResultDescription>doc</ResultDescription></Result>`,
      [2, 2, 0, 1],
    );
    const read = readXmlProcessingReport(xml, messages);
    expect(read.messages.map((o) => o.status)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(read.feedResults.map((r) => r.resultDescription)).toEqual(['doc']);
  });

  it('a Rejected document: nothing was processed', () => {
    const xml = reportXml(
      '<Result><MessageID>0</MessageID><ResultCode>Error</ResultCode><ResultMessageCode>5001</ResultMessageCode><ResultDescription>XML parsing error</ResultDescription></Result>',
      [0, 0, 1, 0],
      'Rejected',
    );
    expect(readXmlProcessingReport(xml, messages).messages.map((o) => o.status)).toEqual([
      'NOT_PROCESSED',
      'NOT_PROCESSED',
    ]);
  });

  it('refuses what is not a processing report', () => {
    expect(() => parseXmlProcessingReport('<AmazonEnvelope><Message/></AmazonEnvelope>')).toThrow(
      /no ProcessingReport/,
    );
  });
});
