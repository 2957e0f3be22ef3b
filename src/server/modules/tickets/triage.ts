// First-pass triage from the words customers use, in Chinese and English.
import type { TicketCategory, TicketPriority } from "./ticket.ts";

type Rule<T> = { value: T; pattern: RegExp };

const categoryRules: Rule<TicketCategory>[] = [
  { value: "security_fraud", pattern: /盗刷|被盗|盗号|诈骗|钓鱼|未经授权|不是我(本人)?(操作|消费)|fraud|unauthori[sz]ed|stolen|hacked|phishing|scam|did not make|didn't make|don't recogni[sz]e/i },
  { value: "complaint", pattern: /投诉|举报|complain|complaint|ombudsman|regulator/i },
  { value: "account_frozen", pattern: /冻结|封号|限制登录|账户被限|实名认证|身份验证|frozen|freeze|locked|suspended|blocked account|kyc|verify my identity/i },
  { value: "withdrawal", pattern: /提现|取现|出金|withdraw(al)?|cash ?out|payout/i },
  { value: "refund", pattern: /退款|退钱|退回|refund|chargeback|money back/i },
  { value: "payment_failed", pattern: /支付失败|付款失败|扣款|扣费|重复扣|交易失败|payment (has )?failed|failed payment|declined|charged twice|double charge|transfer failed|top.?up failed/i },
];

const urgent = /紧急|加急|十万火急|马上|立刻|盗刷|被盗|urgent|asap|emergency|immediately|fraud|unauthori[sz]ed|stolen|hacked/i;
const high = /投诉|被冻结|冻结|急|complain|complaint|frozen|locked|not received|still (have not|haven't)|second time|again/i;

export function triage(subject: string, text: string): { priority: TicketPriority; category: TicketCategory } {
  // The subject says what the customer thinks matters most; weigh it by checking it first.
  const haystacks = [subject, text.slice(0, 4000)];
  let category: TicketCategory = "general";
  outer: for (const hay of haystacks) {
    for (const rule of categoryRules) {
      if (rule.pattern.test(hay)) {
        category = rule.value;
        break outer;
      }
    }
  }
  const all = `${subject}\n${text.slice(0, 4000)}`;
  const priority: TicketPriority = urgent.test(all) ? "urgent" : high.test(all) ? "high" : "normal";
  return { priority, category };
}
