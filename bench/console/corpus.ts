// Word and phrase banks for the console data set: payment-support mail in zh-CN and en.
// Every list is fixed, so a seed alone decides the text.
import type { Rng } from "../prng.ts";

export type Language = "zh-CN" | "en";
export type Category = "withdrawal" | "refund" | "account_frozen" | "security_fraud" | "payment_failed" | "complaint" | "general";

/** Rare terms, each sprinkled into a handful of tickets (about 10 at any scale), for the rare-term search. */
export const RARE_TERMS = { en: "Quokkapay", zh: "貔貅" } as const;

const zhSurnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"];
const zhGiven = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "浩然", "子涵", "欣怡", "宇轩", "梓萱", "俊杰", "雨桐"];
const enFirst = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Daniel", "Karen", "Priya", "Arjun", "Siti", "Ahmad", "Nguyen", "Mei", "Kenji", "Aisha", "Carlos", "Lucia"];
const enLast = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Tan", "Lim", "Wong", "Lee", "Kumar", "Singh", "Rahman", "Tran", "Sato", "Okafor", "Fischer", "Rossi", "Silva", "Novak", "Murphy", "Kelly", "Walker", "Hughes", "Ng", "Chua"];
const pinyin = ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu", "guo", "he", "gao", "lin", "luo"];
const zhDomains = ["qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "139.com", "aliyun.com", "outlook.com"];
const enDomains = ["gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com", "proton.me", "gmx.de", "mail.com"];

const zhCities = ["上海市浦东新区", "北京市朝阳区", "广州市天河区", "深圳市南山区", "杭州市西湖区", "成都市武侯区", "南京市鼓楼区", "武汉市洪山区", "西安市雁塔区", "重庆市渝中区"];
const zhStreets = ["世纪大道", "建国路", "天河路", "科技园南路", "文三路", "人民南路", "中山路", "珞喻路", "长安南路", "解放碑步行街"];
const enStreets = ["King Street", "Orchard Road", "Queen's Road Central", "Collins Street", "Market Street", "Jalan Ampang", "Sukhumvit Road", "Baker Street", "Elizabeth Street", "George Street"];
const enCities = ["Singapore", "Hong Kong", "Melbourne", "Sydney", "London", "Kuala Lumpur", "Bangkok", "San Francisco", "Manila", "Auckland"];
const banks = ["招商银行", "工商银行", "建设银行", "中国银行", "农业银行", "交通银行", "平安银行", "浦发银行"];
const enBanks = ["HSBC", "DBS", "Standard Chartered", "Citibank", "OCBC", "Maybank", "Barclays", "ANZ"];
const merchantsZh = ["京东商城", "美团外卖", "携程旅行", "拼多多", "滴滴出行", "饿了么", "唯品会", "苏宁易购"];
const merchantsEn = ["Amazon", "Shopee", "Lazada", "Grab", "Netflix", "Steam", "Booking.com", "Uber Eats"];

type Bank = { subjects: string[]; opening: string[]; detail: string[]; closing: string[] };

// {amount} {tx} {date} {bank} {last4} {merchant} are filled in per message.
const zh: Record<Category, Bank> = {
  withdrawal: {
    subjects: ["提现一直没有到账", "提现失败怎么办", "提现申请被拒绝", "提现到银行卡显示处理中", "提现金额被扣但没到账", "申请提现三天了还没到", "提现手续费怎么这么高", "大额提现需要审核吗"],
    opening: ["你好，我在{date}申请了提现{amount}元，到现在还没有到账。", "客服你好，我的提现已经三天了，状态一直是处理中。", "我昨天提现到{bank}尾号{last4}的卡，钱从余额扣了但是银行没收到。", "您好，提现申请提示失败，但是余额少了{amount}元。"],
    detail: ["交易单号是{tx}，麻烦帮忙查一下。", "我已经确认银行卡信息没有问题，请尽快处理。", "之前提现都是当天到账，这次不知道为什么这么慢。", "银行那边说没有收到任何入账记录。", "请问提现的到账时间一般是多久？", "我需要这笔钱交房租，非常着急。", "App上提示 Withdrawal failed，错误码 E1024。"],
    closing: ["谢谢！", "麻烦尽快回复，谢谢。", "期待您的回复。", "辛苦了。"],
  },
  refund: {
    subjects: ["申请退款", "退款什么时候到账", "重复扣款请退款", "商户同意退款但没收到", "退款被拒绝了", "订单取消后没有退款", "退款进度查询", "误付款申请退回"],
    opening: ["你好，我在{merchant}的订单已经取消，但是{amount}元一直没有退回来。", "我被重复扣款了两次，每次{amount}元，请帮我退款。", "商户说已经发起退款，可是我的账户没有收到。", "我{date}误付了一笔{amount}元，想申请退款。"],
    detail: ["交易单号是{tx}。", "附件是扣款截图，请查看。", "商户客服说需要你们这边处理。", "已经等了七个工作日了。", "请问退款是原路返回吗？", "银行卡尾号{last4}显示扣了两次。"],
    closing: ["谢谢。", "请尽快处理。", "麻烦了，谢谢！", "等你们消息。"],
  },
  account_frozen: {
    subjects: ["账户被冻结了", "为什么冻结我的账户", "账户冻结怎么解冻", "登录提示账户已冻结", "余额被冻结无法使用", "解冻需要什么材料"],
    opening: ["你好，我的账户今天突然被冻结了，无法付款也无法提现。", "登录的时候提示账户存在风险已被冻结。", "我的余额{amount}元被冻结了，请问原因是什么？", "账户冻结已经一周了，还没有解冻。"],
    detail: ["我已经按要求上传了身份证照片。", "我没有做任何违规操作。", "请告诉我需要提供哪些材料。", "账户里还有{amount}元，我急着用。", "之前的工单号我找不到了。", "住址是{address}，可以核实。"],
    closing: ["请尽快帮我解冻，谢谢。", "谢谢配合。", "麻烦回复。", "谢谢！"],
  },
  security_fraud: {
    subjects: ["银行卡被盗刷", "收到陌生扣款", "账户被盗了", "有人冒充客服骗钱", "可疑交易请冻结", "不是本人操作的交易"],
    opening: ["你好，我发现账户有一笔{amount}元的消费，不是我本人操作的。", "我的银行卡尾号{last4}在{merchant}被盗刷了。", "今天收到短信说我付款了{amount}元，但我没有买东西。", "有人打电话冒充你们客服，让我转账。"],
    detail: ["交易单号{tx}，请立即冻结。", "卡号 •••• {last4} 已经联系{bank}挂失。", "我的密码没有告诉过任何人。", "请帮我查一下登录记录。", "我已经报警了，需要你们提供交易记录。"],
    closing: ["非常紧急，请尽快处理！", "谢谢。", "请尽快回复。", "拜托了。"],
  },
  payment_failed: {
    subjects: ["付款失败", "支付一直提示失败", "扣款成功但订单显示未支付", "绑卡失败", "付款时提示银行拒绝", "无法完成支付"],
    opening: ["你好，我在{merchant}付款{amount}元，一直提示支付失败。", "付款显示成功了，钱也扣了，但是订单还是未支付。", "绑定{bank}的卡一直失败。", "支付的时候提示银行拒绝交易。"],
    detail: ["交易单号{tx}。", "我试了好几次都不行。", "换了网络也一样。", "银行说卡片状态正常。", "截图在附件里。", "页面显示 Payment failed: card declined。"],
    closing: ["谢谢。", "请帮忙看看。", "麻烦了。", "谢谢客服。"],
  },
  complaint: {
    subjects: ["投诉客服处理太慢", "对处理结果不满意", "投诉：问题一直没解决", "要求主管处理", "服务态度差投诉"],
    opening: ["我要投诉，我的问题已经拖了两周还没有解决。", "之前的客服一直让我等，没有任何结果。", "对你们的处理结果非常不满意。", "我已经发了好几封邮件都没有人回复。"],
    detail: ["涉及金额{amount}元，交易单号{tx}。", "如果再不处理我会向监管部门投诉。", "请主管直接联系我。", "我的电话一直打不通你们的热线。"],
    closing: ["请给我一个明确的答复。", "等待处理结果。", "希望重视。", "谢谢。"],
  },
  general: {
    subjects: ["咨询一下手续费", "如何修改绑定手机号", "怎么开具发票", "问一下限额", "账户注销怎么操作", "修改收货地址"],
    opening: ["你好，想咨询一下转账手续费是多少。", "我换了手机号，怎么修改绑定？", "请问单笔转账的限额是多少？", "我想注销账户，需要怎么操作？"],
    detail: ["我的地址是{address}。", "之前的手机号已经停用了。", "谢谢解答。", "在帮助中心没有找到答案。"],
    closing: ["谢谢！", "谢谢。", "麻烦了。", "期待回复。"],
  },
};

const en: Record<Category, Bank> = {
  withdrawal: {
    subjects: ["Withdrawal not received", "My withdrawal failed", "Withdrawal pending for 3 days", "Withdrawal rejected without reason", "Money left my balance but never arrived", "How long does a withdrawal take?"],
    opening: ["Hi, I requested a withdrawal of {amount} USD on {date} and it has still not arrived.", "Hello, my withdrawal has been pending for three days now.", "I withdrew to my {bank} account ending {last4}; the balance was debited but the bank has nothing.", "My withdrawal request failed but {amount} USD is missing from my balance."],
    detail: ["The transaction id is {tx}.", "I have double-checked my bank details.", "Previous withdrawals always arrived the same day.", "My bank says no incoming transfer was received.", "I need the money for rent, this is urgent."],
    closing: ["Thanks.", "Please reply soon.", "Kind regards.", "Thank you for your help."],
  },
  refund: {
    subjects: ["Refund request", "Where is my refund?", "Charged twice, please refund", "Merchant approved refund but nothing received", "Refund declined", "Order cancelled but not refunded"],
    opening: ["Hello, my order at {merchant} was cancelled but the {amount} USD was never refunded.", "I was charged twice, {amount} USD each time. Please refund one of them.", "The merchant says the refund was issued, but my account shows nothing.", "I paid {amount} USD by mistake on {date} and would like a refund."],
    detail: ["Transaction id: {tx}.", "A screenshot of the charge is attached.", "The merchant told me to contact you.", "It has been seven business days.", "My card ending {last4} shows both charges."],
    closing: ["Thanks.", "Please sort this out.", "Regards.", "Waiting for your answer."],
  },
  account_frozen: {
    subjects: ["Account frozen", "Why is my account frozen?", "How do I unfreeze my account?", "Account locked after login", "Balance frozen, cannot pay"],
    opening: ["Hi, my account was frozen today and I cannot pay or withdraw.", "When I log in it says my account is frozen for security reasons.", "My balance of {amount} USD is frozen. Why?", "My account has been frozen for a week now."],
    detail: ["I already uploaded my ID as requested.", "I have not broken any rules.", "Please tell me which documents you need.", "My address is {address}.", "I cannot find my previous ticket number."],
    closing: ["Please unfreeze it as soon as possible.", "Thanks.", "Regards.", "Thank you."],
  },
  security_fraud: {
    subjects: ["Unauthorized transaction", "Card fraud on my account", "My account was hacked", "Someone pretending to be support", "Suspicious charge, please block", "I did not make this payment"],
    opening: ["Hello, there is a charge of {amount} USD on my account that I did not make.", "My card ending {last4} was used at {merchant} without my permission.", "I got a text saying I paid {amount} USD, but I bought nothing.", "Someone called pretending to be your support and asked me to transfer money."],
    detail: ["Transaction id {tx}, please freeze it now.", "I have reported card •••• {last4} lost to {bank}.", "I never shared my password with anyone.", "Please check the login history.", "I filed a police report and need the transaction records."],
    closing: ["This is urgent!", "Thanks.", "Please respond quickly.", "Regards."],
  },
  payment_failed: {
    subjects: ["Payment failed", "Payment keeps failing", "Charged but order shows unpaid", "Cannot add my card", "Bank declined my payment"],
    opening: ["Hi, I tried to pay {amount} USD at {merchant} and it keeps failing.", "The payment went through and I was charged, but the order says unpaid.", "Adding my {bank} card fails every time.", "At checkout it says the bank declined the transaction."],
    detail: ["Transaction id {tx}.", "I tried several times.", "Same result on a different network.", "My bank says the card is fine.", "Screenshot attached."],
    closing: ["Thanks.", "Please take a look.", "Regards.", "Thank you."],
  },
  complaint: {
    subjects: ["Complaint: issue still not resolved", "Very unhappy with support", "I want to speak to a supervisor", "Formal complaint about slow handling"],
    opening: ["I want to file a complaint: my issue has been open for two weeks.", "Your agents keep asking me to wait with no result.", "I am very unhappy with how this was handled.", "I have sent several e-mails and nobody answers."],
    detail: ["The amount is {amount} USD, transaction id {tx}.", "If this is not fixed I will contact the regulator.", "Please have a supervisor contact me.", "Your hotline never picks up."],
    closing: ["I expect a clear answer.", "Waiting for a resolution.", "Regards.", "Thanks."],
  },
  general: {
    subjects: ["Question about fees", "How do I change my phone number?", "Can I get an invoice?", "What are the transfer limits?", "How do I close my account?"],
    opening: ["Hello, what is the fee for an international transfer?", "I changed my phone number, how do I update it?", "What is the limit for a single transfer?", "I would like to close my account."],
    detail: ["My address is {address}.", "My old number is no longer active.", "I could not find it in the help centre.", "Thanks for explaining."],
    closing: ["Thanks!", "Regards.", "Thank you.", "Cheers."],
  },
};

const zhReplies = [
  "您好，感谢您的耐心等待。我们已经查询到交易{tx}，目前正在与银行核实，预计1-3个工作日内处理完毕。",
  "您好，您的问题已经转交给风控团队处理，处理结果会通过邮件通知您。",
  "您好，经核实该笔款项已经原路退回，请留意{bank}的入账通知。",
  "您好，为了保障账户安全，请您提供身份证正反面照片和手持身份证照片。",
  "您好，您的账户已经解冻，现在可以正常使用了。给您带来的不便深表歉意。",
  "您好，我们已经为您提交了退款申请，金额{amount}元，请耐心等待。",
];
const enReplies = [
  "Hello, thank you for your patience. We found transaction {tx} and are checking with the bank; expect an update within 1-3 business days.",
  "Hello, your case has been passed to our risk team, who will e-mail you the outcome.",
  "Hello, the amount has been returned to your original payment method; please watch for the credit from {bank}.",
  "Hello, to keep your account safe, please send a photo of both sides of your ID.",
  "Hello, your account has been unfrozen and works normally again. We apologise for the inconvenience.",
  "Hello, we have submitted a refund of {amount} USD for you. Please allow a few days.",
];
const zhNotes = ["已联系银行，等待回电。", "客户情绪激动，建议主管跟进。", "风控已确认非本人交易，已发起拒付。", "核实身份资料齐全，可以解冻。", "重复工单，已合并处理。"];
const enNotes = ["Called the bank, waiting for a call back.", "Customer is upset, suggest a supervisor follows up.", "Risk confirmed unauthorised, chargeback raised.", "ID documents complete, OK to unfreeze.", "Duplicate of an earlier ticket."];
const zhFollowUps = ["还是没有到账，请再帮忙查一下。", "好的，附件是你们要的材料。", "已经过了三天了，还没有处理好吗？", "收到了，谢谢！", "问题还是存在，请继续处理。"];
const enFollowUps = ["Still nothing has arrived, please check again.", "OK, the documents you asked for are attached.", "It has been three days, is this sorted yet?", "Received, thank you!", "The problem is still there, please keep looking."];

export const zhSignature = "此邮件由手机发送";
export const enSignature = "Sent from my iPhone";

export type Person = { name: string; address: string; postal: string };

/** A customer, decided by its own rng so any ticket can refer back to it. */
export function makePerson(rng: Rng, language: Language, serial: number): Person {
  if (language === "zh-CN") {
    const name = rng.pick(zhSurnames) + rng.pick(zhGiven);
    // The serial keeps addresses unique: each belongs to one customer (customer_addresses is keyed by it).
    const local = rng.chance(0.5) ? `${rng.int(10000, 399999)}${serial}` : `${rng.pick(pinyin)}${rng.pick(pinyin)}${serial}`;
    const postal = `${rng.pick(zhCities)}${rng.pick(zhStreets)}${rng.int(1, 999)}号${rng.int(1, 30)}栋${rng.int(101, 2808)}室`;
    return { name, address: `${local}@${rng.pick(zhDomains)}`, postal };
  }
  const first = rng.pick(enFirst);
  const last = rng.pick(enLast);
  const postal = `${rng.int(1, 400)} ${rng.pick(enStreets)}, ${rng.pick(enCities)}`;
  return { name: `${first} ${last}`, address: `${first.toLowerCase()}.${last.toLowerCase()}${serial}@${rng.pick(enDomains)}`, postal };
}

export type Facts = { amount: string; tx: string; date: string; bank: string; last4: string; merchant: string; address: string };

export function makeFacts(rng: Rng, language: Language, at: Date, postal: string): Facts {
  const ymd = at.toISOString().slice(0, 10).replaceAll("-", "");
  return {
    amount: rng.chance(0.5) ? `${rng.int(10, 999)}.${String(rng.int(0, 99)).padStart(2, "0")}` : `${rng.int(1, 50) * 100}`,
    tx: `T${ymd}${String(rng.int(0, 9_999_999_999)).padStart(10, "0")}`,
    date: language === "zh-CN" ? `${at.getUTCMonth() + 1}月${at.getUTCDate()}日` : at.toISOString().slice(0, 10),
    bank: language === "zh-CN" ? rng.pick(banks) : rng.pick(enBanks),
    last4: String(rng.int(0, 9999)).padStart(4, "0"),
    merchant: language === "zh-CN" ? rng.pick(merchantsZh) : rng.pick(merchantsEn),
    address: postal,
  };
}

const fill = (s: string, f: Facts) => s.replace(/\{(\w+)\}/g, (_, k: string) => f[k as keyof Facts] ?? "");

export function makeSubject(rng: Rng, language: Language, category: Category): string {
  return rng.pick((language === "zh-CN" ? zh : en)[category].subjects);
}

/** The customer's first message: greeting, two to four detail sentences, closing. */
export function makeOpeningBody(rng: Rng, language: Language, category: Category, f: Facts, name: string, rare: string | null): string {
  const bank = (language === "zh-CN" ? zh : en)[category];
  const sep = language === "zh-CN" ? "" : " ";
  const parts = [fill(rng.pick(bank.opening), f)];
  for (const d of rng.shuffle(bank.detail).slice(0, rng.int(2, 4))) parts.push(fill(d, f));
  if (rare) parts.push(language === "zh-CN" ? `商户名称是${rare}。` : `The merchant is called ${rare}.`);
  const body = parts.join(sep);
  return `${body}\n\n${fill(rng.pick(bank.closing), f)}\n${name}`;
}

export function makeFollowUp(rng: Rng, language: Language, f: Facts, name: string): string {
  const line = rng.pick(language === "zh-CN" ? zhFollowUps : enFollowUps);
  return `${line}${rng.chance(0.4) ? (language === "zh-CN" ? `交易单号${f.tx}。` : ` Transaction id ${f.tx}.`) : ""}\n\n${name}`;
}

export function makeReply(rng: Rng, language: Language, f: Facts, customerName: string, agentName: string): string {
  const greeting = language === "zh-CN" ? `${customerName}，` : `Dear ${customerName},`;
  const body = fill(rng.pick(language === "zh-CN" ? zhReplies : enReplies), f);
  return `${greeting}\n\n${body}\n\n${agentName}\nOKPay ${language === "zh-CN" ? "客服中心" : "Support"}`;
}

export function makeNote(rng: Rng, language: Language): string {
  return rng.pick(language === "zh-CN" ? zhNotes : enNotes);
}

/** Quoted history as a mail client writes it (only the head of the earlier message). */
export function makeQuote(language: Language, at: Date, from: string, earlier: string): string {
  const head = earlier.slice(0, 240).split("\n").map((l) => `> ${l}`).join("\n");
  return language === "zh-CN" ? `在 ${at.toISOString().slice(0, 16).replace("T", " ")}，${from} 写道：\n${head}` : `On ${at.toUTCString()}, ${from} wrote:\n${head}`;
}

export function htmlOf(text: string): string {
  const esc = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<div dir="ltr">${esc.split("\n").map((l) => (l ? `<div>${l}</div>` : "<div><br></div>")).join("")}</div>`;
}

export function agentNames(count: number): { name: string; email: string }[] {
  const out: { name: string; email: string }[] = [];
  for (let i = 0; i < count; i++) {
    const name = i % 2 === 0 ? `${zhSurnames[i % zhSurnames.length]}${zhGiven[(i * 7) % zhGiven.length]}` : `${enFirst[i % enFirst.length]} ${enLast[(i * 3) % enLast.length]}`;
    out.push({ name, email: `agent${String(i + 1).padStart(2, "0")}@okpay.example` });
  }
  return out;
}
