import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { corpusPath } from "../../test/corpora.ts";
import { splitQuoted, type QuoteSplit } from "./quote-split.ts";

/** Counts of every non-whitespace character: what the three parts together must preserve. */
function nonWhitespace(s: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const ch of s) {
    if (/\s/u.test(ch)) continue;
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  return counts;
}

function assertNothingLost(input: string, r: QuoteSplit, label: string): void {
  const before = nonWhitespace(input);
  const after = nonWhitespace(r.newText + r.quoted + r.signature);
  assert.equal(after.size, before.size, `${label}: distinct characters differ`);
  for (const [ch, n] of before) assert.equal(after.get(ch), n, `${label}: count of ${JSON.stringify(ch)}`);
}

function split(input: string): QuoteSplit {
  const r = splitQuoted(input);
  assertNothingLost(input, r, "inline case");
  return r;
}

function has(part: string, ...needles: string[]): void {
  for (const n of needles) assert.ok(part.includes(n), `expected ${JSON.stringify(n)} in:\n${part}`);
}

function lacks(part: string, ...needles: string[]): void {
  for (const n of needles) assert.ok(!part.includes(n), `did not expect ${JSON.stringify(n)} in:\n${part}`);
}

// ---------------------------------------------------------------------------------------------
// Public corpora (message bodies only). Expectations below were judged by reading each file.

type Corpus = "github-email_reply_parser" | "willdurand-EmailReplyParser";

interface Judged {
  set: Corpus;
  file: string;
  /** What the file exercises, for the test name. */
  about: string;
  check: (r: QuoteSplit) => void;
}

const GITHUB: Corpus = "github-email_reply_parser";
const WILL: Corpus = "willdurand-EmailReplyParser";

const judged: Judged[] = [
  {
    set: WILL,
    file: "email_22.txt",
    about: "Chinese Outlook header block 发件人/发送时间/收件人/主题",
    check: (r) => {
      has(r.newText, "Fusce bibendum", "et mollis ligula rutrum quis.");
      lacks(r.newText, "发件人", "主题", "Etiam non sagittis");
      has(r.quoted, "发件人: Company Questions", "主题: Company France - China", "Etiam non sagittis");
      assert.equal(r.signature, "");
    },
  },
  {
    set: GITHUB,
    file: "email_1_2.txt",
    about: "inline reply below a `>` block, list footer",
    check: (r) => {
      has(r.newText, "Hi,", "You can list the keys for the bucket", "would do it.", "delete them all individually.");
      lacks(r.newText, "Abhishek Kona wrote:", "What is the best way to clear", "riak-users mailing list");
      has(r.quoted, "On Tue, 2011-03-01 at 18:02 +0530, Abhishek Kona wrote:", "> Hi folks");
      has(r.signature, "riak-users mailing list");
    },
  },
  {
    set: GITHUB,
    file: "email_1_6.txt",
    about: "attribution wrapped over three lines, custom 'Sent from a …' line",
    check: (r) => {
      assert.equal(r.newText, "I get proper rendering as well.");
      assert.equal(r.signature, "Sent from a magnificent torch of pixels");
      has(r.quoted, "On Dec 16, 2011, at 12:47 PM, Corey Donohoe", "<reply@reply.github.com>", "wrote:", "Was this caching");
    },
  },
  {
    set: GITHUB,
    file: "email_1_7.txt",
    about: "CRLF, Gmail attribution over two lines",
    check: (r) => {
      assert.equal(r.newText, ":+1:");
      has(r.quoted, "Chris Wanstrath", "<notifications@github.com>wrote:", "Steps 0-2 are in prod.");
    },
  },
  {
    set: GITHUB,
    file: "email_1_8.txt",
    about: "answers interleaved with the quote, signature at the very end",
    check: (r) => {
      assert.equal(r.newText, "I will reply under this one\n\nand under this.");
      has(r.quoted, "okay.  Well, here's some stuff I can write.", "> okay?", "Tim Haines");
      assert.equal(r.signature, "--\nHey there, this is my signature");
    },
  },
  {
    set: GITHUB,
    file: "email_2_1.txt",
    about: "Outlook *From:*/*Sent:* block under a dashed rule",
    check: (r) => {
      assert.equal(r.newText, "Outlook with a reply");
      has(r.quoted, "*From:* Google Apps Sync Team", "Dear Google Apps Sync user,", "The Google Apps Sync Team.");
    },
  },
  {
    set: GITHUB,
    file: "email_2_2.txt",
    about: "Outlook underscore rule directly below the reply",
    check: (r) => {
      assert.equal(r.newText, "Outlook with a reply directly above line");
      has(r.quoted, "____", "From: CRM Comments", "I am replying to a comment.");
    },
  },
  {
    set: GITHUB,
    file: "email_BlackBerry.txt",
    about: "Sent from my BlackBerry",
    check: (r) => {
      assert.equal(r.newText, "Here is another email");
      assert.equal(r.signature, "Sent from my BlackBerry");
    },
  },
  {
    set: WILL,
    file: "email_iphone.txt",
    about: "Sent from my iPhone",
    check: (r) => {
      assert.equal(r.newText, "Here is another email");
      assert.equal(r.signature, "Sent from my iPhone");
    },
  },
  {
    set: GITHUB,
    file: "email_sent_from_my_not_signature.txt",
    about: "a sentence starting 'Sent from my' is not a signature",
    check: (r) => {
      has(r.newText, "Here is another email", "Sent from my desk, is much easier then my mobile phone.");
      assert.equal(r.signature, "");
    },
  },
  {
    set: GITHUB,
    file: "email_sig_delimiter_in_middle_of_line.txt",
    about: "' -- ' inside a line is not a signature delimiter",
    check: (r) => {
      has(r.newText, "Stuff happened.", "And here is a fix -- this is not a signature.", "kthxbai");
      assert.equal(r.signature, "");
      assert.equal(r.quoted, "");
    },
  },
  {
    set: GITHUB,
    file: "greedy_on.txt",
    about: "a sentence starting 'On' and ending ':' is not an attribution",
    check: (r) => {
      has(r.newText, "On your remote host you can run:", "telnet 127.0.0.1 52698", "the tunnel is not working.");
      lacks(r.newText, "George Plymale", "port forwarding stopped");
      has(r.quoted, "On 9 Jan 2014, at 2:47, George Plymale wrote:");
    },
  },
  {
    set: GITHUB,
    file: "pathological.txt",
    about: "thousand-character quoted lines",
    check: (r) => {
      assert.equal(
        r.newText,
        "I think you're onto something. I will try to fix the problem as soon as I\nget back to a computer.",
      );
      has(r.quoted, '"John Sullivan" <notifications@github.com> wrote:', "organism.sequence:");
    },
  },
  {
    set: GITHUB,
    file: "email_bullets.txt",
    about: "indented bullets kept, '-- ' signature after the quote",
    check: (r) => {
      has(r.newText, "test 2 this should list second", "and retain this formatting", "   - how about bullets", "   - and another");
      lacks(r.newText, "Give us an example");
      has(r.signature, "*Joe Smith | Director, Product Management*");
    },
  },
  {
    set: WILL,
    file: "email_norwegian_gmail.txt",
    about: "Norwegian attribution whose '>:' wrapped onto a quoted line",
    check: (r) => {
      has(r.newText, "Fusce bibendum", "Fusce sed odio id arcu varius aliquet nec nec nibh.");
      lacks(r.newText, "skrev", "Ok. Thanks.", ">:");
      has(r.quoted, "tir. 18. apr. 2017 kl. 13:09 skrev Test user <test@example.com", "> Ok. Thanks.");
    },
  },
  {
    set: WILL,
    file: "email_thread.txt",
    about: "attribution broken over three short lines",
    check: (r) => {
      assert.equal(r.newText, "This is new email reply in thread from bellow.");
      has(r.quoted, "On Nov 21, 2014,", "at 10:18,", "John Doe <john@doe123.com> wrote:");
    },
  },
  {
    set: WILL,
    file: "email_unquoted_reply.txt",
    about: "attribution above a quote without `>` markers",
    check: (r) => {
      assert.equal(r.newText, "This is my reply.");
      assert.equal(r.quoted, "On Nov 26, 2013 you wrote:\n\nThis is my quote.");
    },
  },
  {
    set: WILL,
    file: "email_9.txt",
    about: "French webmail: ===== rule, 'Message du :', De/A/Sujet",
    check: (r) => {
      has(r.newText, "Fusce bibendum");
      lacks(r.newText, "=====", "Message du", "Proin cursus");
      has(r.quoted, "Message du : 12/12/2016 13:20", "Sujet :", "Proin cursus");
    },
  },
  {
    set: WILL,
    file: "email_w10_mail.txt",
    about: "Mail for Windows 10 signature above an Outlook header block",
    check: (r) => {
      assert.equal(r.newText, "Great thanks Bort, going for a test now.\nBraxton");
      assert.equal(r.signature, "Sent from Mail for Windows 10");
      has(r.quoted, "From: Bort", "Bort replied:", "Thanks!");
    },
  },
  {
    set: WILL,
    file: "email_customer_quote_header_3.txt",
    about: "indented French header block with non-breaking spaces",
    check: (r) => {
      assert.equal(r.newText, "bonjour,\nje n'ai pas eu de retour sur ma précision..\nmerci d'avance");
      has(r.quoted, "De : Someone Somewhere", "ici dans la description cdt");
    },
  },
  {
    set: WILL,
    file: "email_23_1.txt",
    about: "'Something wrote:' without date or address stays; Ukrainian attribution is quoted",
    check: (r) => {
      has(r.newText, "Nam vel turpis posuere", "Something wrote:", "Duis ut libero eu lectus");
      lacks(r.newText, "написав", "Ticket answered by");
      has(r.quoted, "29 грудня 2017 р. о 19:09 <support@domain.com> написав:", "Ticket answered by ahbladeroot");
    },
  },
  {
    set: WILL,
    file: "email_21.txt",
    about: "long text full of 'On Thursday:' lines and no quote",
    check: (r) => {
      has(r.newText, "On Thursday:", "El jueves:", "laborum.");
      assert.equal(r.quoted, "");
      assert.equal(r.signature, "");
    },
  },
  {
    set: WILL,
    file: "email_7.txt",
    about: "Italian attribution, quoted lines wrapped without `>`, '-- ' disclaimer",
    check: (r) => {
      has(r.newText, "Fusce bibendum", "Fusce sed odio id arcu varius aliquet nec nec nibh.");
      lacks(r.newText, "ha scritto", "Ciao Lorem", "ignissim odio?", "rhoncus tortor in.", "Le informazioni");
      has(r.quoted, "Il giovedì 8 dicembre 2016, Company Questions", "ignissim odio?");
      has(r.signature, "Le informazioni contenute in questo messaggio", "MyCompany - 123456 ROMA");
    },
  },
  {
    set: WILL,
    file: "email_issue_77.txt",
    about: "French Zimbra attribution with nothing below it",
    check: (r) => {
      has(r.newText, "Bonjour Test,", "Le paragraphe qui pose problème.", "Text paragraph 2");
      lacks(r.newText, "a écrit");
      assert.equal(r.quoted, "- Le 2021-04-09 23:25, Test a écrit :");
    },
  },
  {
    set: WILL,
    file: "email_15.txt",
    about: "'Sent from my <phone>' followed by unmarked history",
    check: (r) => {
      has(r.newText, "Fusce bibendum");
      lacks(r.newText, "Etiam non sagittis");
      assert.equal(r.signature, "Sent from my Wiko RIDGE FAB 4G");
      has(r.quoted, "Etiam non sagittis");
    },
  },
  {
    set: WILL,
    file: "email_8.txt",
    about: "Dutch attribution wrapped inside the address",
    check: (r) => {
      has(r.newText, "Fusce bibendum");
      lacks(r.newText, "schreef", "questions@company.com", "Beste Praesent", "eget accumsan est viverra quis.");
      has(r.quoted, "Op 12 december 2016 19:05 schreef Company Questions <", "questions@company.com>:");
    },
  },
  {
    set: WILL,
    file: "email_20.txt",
    about: "attribution inside the quote",
    check: (r) => {
      assert.equal(r.newText, "On Thursday.");
      has(r.quoted, "> On May 17, 2017, at 01:42 PM, John Doe <doe@example.com> wrote:");
    },
  },
];

for (const c of judged) {
  test(`corpus ${c.set}/${c.file}: ${c.about}`, (t) => {
    const path = corpusPath("reply", c.set, c.file);
    if (path === null) {
      t.skip("corpus not available");
      return;
    }
    const input = readFileSync(path, "utf8");
    const r = splitQuoted(input);
    assertNothingLost(input, r, c.file);
    c.check(r);
  });
}

test("corpus: every reply file keeps all its non-whitespace characters", (t) => {
  const root = corpusPath("reply");
  if (root === null) {
    t.skip("corpus not available");
    return;
  }
  let files = 0;
  for (const set of readdirSync(root).sort()) {
    for (const name of readdirSync(join(root, set)).sort()) {
      const input = readFileSync(join(root, set, name), "utf8");
      assertNothingLost(input, splitQuoted(input), `${set}/${name}`);
      files++;
    }
  }
  assert.ok(files >= 60, `expected the two reply corpora, found ${files} files`);
});

// ---------------------------------------------------------------------------------------------
// Chinese clients and the other formats the corpora do not cover.

test("QQ Mail: ------------------ 原始邮件 ------------------ block", () => {
  const r = split(`您好，

我昨天提交的提现还是没有到账，订单号 WD202401010088。
麻烦尽快处理，谢谢！

王喆


------------------ 原始邮件 ------------------
发件人: "PayDesk客服" <support@example.com>;
发送时间: 2024年1月1日(星期一) 晚上9:12
收件人: "王喆"<customer@example.net>;
主题: [PD-100021] 提现失败

您好，请提供订单号以便查询。
`);
  assert.equal(r.newText, "您好，\n\n我昨天提交的提现还是没有到账，订单号 WD202401010088。\n麻烦尽快处理，谢谢！\n\n王喆");
  has(r.quoted, "原始邮件", "发件人", "请提供订单号以便查询");
});

test("QQ Mail in English, converted from HTML (non-breaking spaces around 'Original')", () => {
  const r = split(
    "Please cancel the order.\n\n------------------\u00a0Original\u00a0------------------\nFrom: \"PayDesk\"<support@example.com>;\nDate: Mon, Jan 1, 2024 09:12 PM\nTo: \"Wang\"<customer@example.net>;\nSubject: Order\n\nYour order was received.",
  );
  assert.equal(r.newText, "Please cancel the order.");
  has(r.quoted, "Your order was received.");
});

test("Foxmail: -----原始邮件----- with full-width colons", () => {
  const r = split(`已收到退款，谢谢。

-----原始邮件-----
发件人：support@example.com
发送时间：2024-01-02 10:15:00
收件人：customer@example.net
主题：Re: 退款申请

您的退款已处理。`);
  assert.equal(r.newText, "已收到退款，谢谢。");
  has(r.quoted, "-----原始邮件-----", "您的退款已处理。");
});

test("Foxmail without a separator line: bare 发件人/发送时间/收件人/主题 block", () => {
  const r = split(`好的。

发件人：PayDesk客服
发送时间：2024-01-02 10:15
收件人：customer@example.net
抄送：
主题：转账

请稍候。`);
  assert.equal(r.newText, "好的。");
  has(r.quoted, "发件人：PayDesk客服", "请稍候。");
});

test("163.com web mail: 在 <date>，\"name\" <addr> 写道：with `>` quote", () => {
  const r = split(`退款已经到账了，谢谢。



在 2024-01-02 10:15:30，"PayDesk客服" <support@example.com> 写道：
>您好，您的退款已处理，预计1-3个工作日到账。
>
>PayDesk 客服团队
`);
  assert.equal(r.newText, "退款已经到账了，谢谢。");
  has(r.quoted, "写道：", "预计1-3个工作日到账");
});

test("163.com converted from HTML: the quote has no `>` markers", () => {
  const r = split(`还是没有到账。

在 2024-01-02 10:15:30，"PayDesk客服" <support@example.com> 写道：

您好，您的退款已处理，预计1-3个工作日到账。`);
  assert.equal(r.newText, "还是没有到账。");
  has(r.quoted, "预计1-3个工作日到账");
});

test("163.com mobile app: ---- 回复的原邮件 ---- table", () => {
  const r = split(`收到

---- 回复的原邮件 ----
| 发件人 | PayDesk客服<support@example.com> |
| 日期 | 2024年01月02日 10:15 |
| 收件人 | customer@example.net |
| 主题 | 提现 |
您好，提现已完成。`);
  assert.equal(r.newText, "收到");
  has(r.quoted, "提现已完成");
});

test("Chinese Gmail: 在 … 写道： wrapped over two lines", () => {
  const r = split(`好的，我再试一次。

在 2024年1月2日周二 上午10:15，PayDesk Support <
support@example.com> 写道：

> 您好，请重新绑定银行卡后再试。
>
`);
  assert.equal(r.newText, "好的，我再试一次。");
  has(r.quoted, "在 2024年1月2日周二 上午10:15，PayDesk Support <", "support@example.com> 写道：", "请重新绑定银行卡");
});

test("Chinese Gmail: <name> <addr> 于<date>写道：", () => {
  const r = split(`已经重新绑定了，还是失败。

PayDesk Support <support@example.com> 于2024年1月2日周二 10:15写道：

> 您好，请重新绑定银行卡后再试。
`);
  assert.equal(r.newText, "已经重新绑定了，还是失败。");
  has(r.quoted, "于2024年1月2日周二 10:15写道：");
});

test("Apple Mail in Chinese: <date>，<name> 写道：and 发自我的iPhone", () => {
  const r = split(`谢谢，问题解决了。

发自我的iPhone

> 2024年1月2日 10:15，PayDesk Support <support@example.com> 写道：
>
> 您好，请更新App到最新版本。
`);
  assert.equal(r.newText, "谢谢，问题解决了。");
  assert.equal(r.signature, "发自我的iPhone");
  has(r.quoted, "请更新App到最新版本");
});

test("Apple Mail: On <date>, at <time>, X wrote: and Sent from my iPhone", () => {
  const r = split(`Thanks, the card works again.

Sent from my iPhone

> On Jan 2, 2024, at 10:15, PayDesk Support <support@example.com> wrote:
>
> Your card has been unblocked.
`);
  assert.equal(r.newText, "Thanks, the card works again.");
  assert.equal(r.signature, "Sent from my iPhone");
  has(r.quoted, "Your card has been unblocked.");
});

test("Gmail: On <date> <name> <addr> wrote: split over two lines", () => {
  const r = split(`Still pending.

On Mon, Jan 1, 2024 at 6:02\u202fPM PayDesk Support <support@example.com>
wrote:

> Please send the reference number.
`);
  assert.equal(r.newText, "Still pending.");
  has(r.quoted, "wrote:", "Please send the reference number.");
});

test("Outlook: -----Original Message----- then the header block", () => {
  const r = split(`I did not authorise this payment.

Best regards
Anna

-----Original Message-----
From: PayDesk Support <support@example.com>
Sent: Tuesday, January 2, 2024 4:40 PM
To: Anna Schmidt <customer@example.net>
Subject: [PD-100012] Chargeback

Please confirm the payment.`);
  assert.equal(r.newText, "I did not authorise this payment.\n\nBest regards\nAnna");
  has(r.quoted, "-----Original Message-----", "Please confirm the payment.");
});

test("Outlook in Chinese: underscore rule, 发件人/发送时间/收件人/主题", () => {
  const r = split(`请尽快处理。

________________________________
发件人: PayDesk Support <support@example.com>
发送时间: 2024年1月2日 10:15
收件人: customer@example.net
主题: 回复: 退款

已为您提交退款。`);
  assert.equal(r.newText, "请尽快处理。");
  has(r.quoted, "________________________________", "已为您提交退款。");
});

test("forward: the text above '---------- Forwarded message ---------' is new, the rest quoted", () => {
  const r = split(`Hi PayDesk,

My bank sent me the notice below. What should I do?

Chen Jing

---------- Forwarded message ---------
From: Example Bank <notices@bank.example.org>
Date: Wed, Jan 3, 2024 at 3:12 PM
Subject: Notice of returned transfer
To: <customer@example.net>

Your transfer was returned. Reason: name mismatch.`);
  assert.equal(r.newText, "Hi PayDesk,\n\nMy bank sent me the notice below. What should I do?\n\nChen Jing");
  has(r.quoted, "Forwarded message", "Reason: name mismatch.");
});

test("Apple Mail forward: Begin forwarded message:", () => {
  const r = split(`FYI

Begin forwarded message:

From: Example Bank <notices@bank.example.org>
Subject: Notice

Body of the notice.`);
  assert.equal(r.newText, "FYI");
  has(r.quoted, "Begin forwarded message:", "Body of the notice.");
});

test("a message that is only a forward has empty new text and loses nothing", () => {
  const r = split(`---------- Forwarded message ---------
From: Example Bank <notices@bank.example.org>
Subject: Notice

Body of the notice.`);
  assert.equal(r.newText, "");
  has(r.quoted, "Body of the notice.");
});

test("'-- ' signature above the quote", () => {
  const r = split(`Please close my account.

-- 
Li Wei
+86 138 0000 0000

On Tue, Jan 2, 2024 at 10:00 AM PayDesk Support <support@example.com> wrote:
> Is there anything else?`);
  assert.equal(r.newText, "Please close my account.");
  assert.equal(r.signature, "--\nLi Wei\n+86 138 0000 0000");
  has(r.quoted, "Is there anything else?");
});

test("a sentence ending in 'wrote:' without date or address stays new text", () => {
  const r = split(`Here is what my bank wrote:

> Your transfer was returned.

Can you check it?`);
  has(r.newText, "Here is what my bank wrote:", "Can you check it?");
  assert.equal(r.quoted, "> Your transfer was returned.");
});

test("a pasted From/To transfer receipt without Subject is not a header block", () => {
  const r = split(`The transfer details:
From: Account 6222 0000 1111
To: PayDesk wallet 88123
Amount: 500.00
Date: 2024-01-02`);
  has(r.newText, "From: Account 6222 0000 1111", "Date: 2024-01-02");
  assert.equal(r.quoted, "");
});

test("empty and whitespace-only input", () => {
  assert.deepEqual(splitQuoted(""), { newText: "", quoted: "", signature: "" });
  assert.deepEqual(splitQuoted(" \r\n\t\n"), { newText: "", quoted: "", signature: "" });
});

// ---------------------------------------------------------------------------------------------
// Robustness: nothing lost on arbitrary input, linear time on hostile input.

test("random mixtures of header-like lines never lose content", () => {
  const pieces = [
    "Hello", "", "> quoted", ">", "-- ", "--", "Sent from my iPhone", "发自我的iPhone",
    "On Mon, Jan 1, 2024 at 6:02 PM A <a@b.c>", "wrote:", "On Thursday:", "From: A <a@b.c>",
    "Sent: Monday", "To: b@c.d", "Subject: x", "发件人: x", "主题: y", "-----Original Message-----",
    "------------------ 原始邮件 ------------------", "____________________", "在 2024年1月2日 写道：",
    ">:", "x".repeat(70), "Message du : 12/12/2016", "=====", "---------- Forwarded message ---------",
    "  indented", "\t", "\u00a0", "🙂 emoji", "a\rb",
  ];
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let round = 0; round < 500; round++) {
    const lines: string[] = [];
    const count = 1 + rand(25);
    for (let i = 0; i < count; i++) lines.push(pieces[rand(pieces.length)] as string);
    const input = lines.join(rand(2) ? "\n" : "\r\n");
    assertNothingLost(input, splitQuoted(input), `round ${round}`);
  }
});

test("hostile input is processed in linear time", () => {
  const inputs = [
    " ".repeat(1_000_000) + "x:",
    ("From:" + " ".repeat(50_000) + "\n").repeat(20),
    "-".repeat(1_000_000),
    "On 2024 x wrote:\n".repeat(100_000),
    "On x\n".repeat(200_000) + "wrote:",
    "From: a\nTo: b\n".repeat(100_000),
    ("*".repeat(1000) + " From " + "*".repeat(1000) + "\n").repeat(300),
    ("_".repeat(20) + "\n").repeat(200_000),
    "On 2024 x wrote:\n" + "\n".repeat(500_000) + "x",
    ("> " + "x".repeat(80) + "\ny\n").repeat(100_000),
    "=?".repeat(500_000),
  ];
  const started = performance.now();
  for (const input of inputs) splitQuoted(input);
  const elapsed = performance.now() - started;
  // About 25 MB in total; a quadratic pass over any of these would take minutes.
  assert.ok(elapsed < 10_000, `took ${Math.round(elapsed)} ms`);
});

test("header block fields in another order (From, Subject, Date, To)", () => {
  const r = split(`See below.

From: Example Bank <notices@bank.example.org>
Subject: Notice of returned transfer
Date: 3 January 2024 at 15:12:40 GMT+8
To: customer@example.net

Your transfer was returned.`);
  assert.equal(r.newText, "See below.");
  has(r.quoted, "Your transfer was returned.");
});

test("Outlook header block converted from HTML with blank lines between the fields", () => {
  const r = split(`Please refund me.

From: PayDesk Support <support@example.com>

Sent: Tuesday, January 2, 2024 4:40 PM

To: customer@example.net

Subject: Refund

We are looking into it.`);
  assert.equal(r.newText, "Please refund me.");
  has(r.quoted, "We are looking into it.");
});
