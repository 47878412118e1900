package notify

import (
	"fmt"
	"strings"
)

// Subject is what a notification is about, for its text: the order, who
// acted, and the kind's parameters (models.Notification.Data).
type Subject struct {
	PONumber, StyleNo string
	Actor             string
	Data              map[string]any
}

// texts are the title and body templates of each kind, per language.
// {po}, {style} and {actor} come from the Subject; any other {name} from
// its Data. The PWA says the same in its own words for the bell.
var texts = map[string]map[string][2]string{
	"zh-CN": {
		"sample_submitted":           {"{po} 提交了样品待审", "{actor} 提交了 {sample_type} 第 {round} 轮，请审批。"},
		"sample_decided":             {"{po} 样品已审：{status}", "{sample_type} 第 {round} 轮：{status}。"},
		"inspection_booked":          {"{po} 预约了验货", "{actor} 预约了 {type} 验货，日期 {date}。"},
		"inspection_confirmed":       {"{po} 验货已确认", "{type} 验货已确认，日期 {date}。"},
		"inspection_assigned":        {"{po} 分配给你一次验货", "{type} 验货，日期 {date}。"},
		"inspection_result":          {"{po} 验货结果：{result}", "{type} 验货结果：{result}。"},
		"delivery_booked":            {"{po} 预约了出货", "{actor} 预约 {date} 出货 {quantity} 件。"},
		"delivery_confirmed":         {"{po} 出货预约已确认", "{date} 的出货预约已确认。"},
		"delivery_rescheduled":       {"{po} 出货改期", "出货改到 {date}。"},
		"delivery_rejected":          {"{po} 出货预约被拒绝", "{date} 的出货预约被拒绝：{reason}"},
		"delivery_shipped":           {"{po} 已出货", "{actor} 出货 {quantity} 件。"},
		"comment_added":              {"{po} 有新留言", "{actor}：{excerpt}"},
		"chase_logged":               {"{po} 跟单记录", "{actor} 记录了一次跟进。"},
		"order_revised":              {"{po} 订单已修改", "订单修改为第 {revision} 版，请查看变更。"},
		"order_cancelled":            {"{po} 订单已取消", "原因：{reason}"},
		"risk_worse":                 {"{po} 交期风险升高", "风险从「{from}」变为「{to}」。"},
		"step_overdue":               {"{po} 工序已逾期", "「{step}」计划 {planned_date} 完成，尚未完成。"},
		"risk_digest":                {"今日交期风险：{late} 单延误，{at_risk} 单有风险", "请优先跟进：{orders}"},
		"escalated":                  {"{po} 升级提醒（第 {step} 级）", "工厂 {hours} 小时未回复跟单员的{trigger}，订单有交期风险。"},
		"progress_reported":          {"{po} 进度更新", "{actor} 报告「{step}」：{progress}。"},
		"material_eta_changed":       {"{po} 物料日期变更", "物料采购单 {po_number} 的{field}改为 {to}（原 {from}），原因：{reason_code}。"},
		"material_shipped":           {"{po} 物料已发货", "物料采购单 {po_number} 已发货，预计 {eta} 到。"},
		"material_inspection_failed": {"{po} 物料检验不合格", "{item}（采购单 {po_number}）检验不合格，需要换货或让步接收。"},
		"material_not_ready":         {"{po} 物料未齐就开裁", "{actor} 报告了「{step}」，但物料未齐：{items}。"},
		"material_po_due":            {"{po} 物料采购单即将到期", "物料采购单 {po_number} 承诺 {promised_date} 发货，请提前跟进。"},
		"complaint_received":         {"{po} 收到客户投诉", "{severity}投诉，涉及 {affected_qty} 件，请查看并回复。"},
		"complaint_answered":         {"{po} 工厂已回复投诉", "{actor} 回复了投诉 #{complaint_id}。"},
		"capa_changed":               {"{po} 纠正措施：{status}", "纠正措施 #{capa_id} 现在是「{status}」。"},
		"resolution_added":           {"{po} 投诉处理方案", "投诉 #{complaint_id} 的处理方案：{kind}，{quantity} 件。"},
		"chargeback_acknowledged":    {"{po} 工厂已确认扣款", "{actor} 确认了扣款 {amount}。"},
	},
	"en": {
		"sample_submitted":           {"{po}: a sample waits for you", "{actor} submitted {sample_type}, round {round}, for approval."},
		"sample_decided":             {"{po}: sample {status}", "{sample_type}, round {round}: {status}."},
		"inspection_booked":          {"{po}: inspection booked", "{actor} booked a {type} inspection for {date}."},
		"inspection_confirmed":       {"{po}: inspection confirmed", "The {type} inspection on {date} is confirmed."},
		"inspection_assigned":        {"{po}: an inspection for you", "A {type} inspection on {date}."},
		"inspection_result":          {"{po}: inspection {result}", "The {type} inspection: {result}."},
		"delivery_booked":            {"{po}: delivery booked", "{actor} booked {quantity} pcs for {date}."},
		"delivery_confirmed":         {"{po}: delivery confirmed", "The delivery of {date} is confirmed."},
		"delivery_rescheduled":       {"{po}: delivery moved", "The delivery is now on {date}."},
		"delivery_rejected":          {"{po}: delivery refused", "The delivery of {date} was refused: {reason}"},
		"delivery_shipped":           {"{po}: shipped", "{actor} shipped {quantity} pcs."},
		"comment_added":              {"{po}: new comment", "{actor}: {excerpt}"},
		"chase_logged":               {"{po}: follow-up logged", "{actor} logged a follow-up."},
		"order_revised":              {"{po}: order revised", "The order is now revision {revision}; see what changed."},
		"order_cancelled":            {"{po}: order cancelled", "Reason: {reason}"},
		"risk_worse":                 {"{po}: delivery risk up", "Risk went from {from} to {to}."},
		"step_overdue":               {"{po}: a step is overdue", "{step} was planned for {planned_date} and is not done."},
		"risk_digest":                {"Today's delivery risk: {late} late, {at_risk} at risk", "Follow up first: {orders}"},
		"escalated":                  {"{po}: escalated (step {step})", "The factory has not answered the merchandiser's {trigger} for {hours} hours, and the order is at risk."},
		"progress_reported":          {"{po}: progress update", "{actor} reported on {step}: {progress}."},
		"material_eta_changed":       {"{po}: material date changed", "Material PO {po_number}: the {field} is now {to} (was {from}); reason: {reason_code}."},
		"material_shipped":           {"{po}: materials shipped", "Material PO {po_number} has shipped, arriving {eta}."},
		"material_inspection_failed": {"{po}: material failed inspection", "{item} (PO {po_number}) failed inspection: it needs a replacement or a concession."},
		"material_not_ready":         {"{po}: cutting before the materials are in", "{actor} reported on {step}, but materials are not ready: {items}."},
		"material_po_due":            {"{po}: a material PO is due", "Material PO {po_number} promised to ship on {promised_date}: follow it up now."},
		"complaint_received":         {"{po}: a customer complaint", "A {severity} complaint about {affected_qty} pcs: please look and answer."},
		"complaint_answered":         {"{po}: the factory answered a complaint", "{actor} answered complaint #{complaint_id}."},
		"capa_changed":               {"{po}: corrective action {status}", "Corrective action #{capa_id} is now {status}."},
		"resolution_added":           {"{po}: how a complaint is resolved", "Complaint #{complaint_id}: {kind}, {quantity} pcs."},
		"chargeback_acknowledged":    {"{po}: chargeback acknowledged", "{actor} acknowledged the chargeback of {amount}."},
	},
}

// words translate the values some parameters take.
var words = map[string]map[string]string{
	"zh-CN": {"approved": "已通过", "approved_with_comments": "有意见通过", "rejected": "未通过", "pass": "合格", "fail": "不合格",
		"minor": "轻微", "major": "严重", "critical": "致命", "open": "待处理", "done": "已完成", "verified": "已验证",
		"concession": "让步接收", "rework": "返修", "reproduction": "补单生产", "discount": "折扣", "return": "退货",
		"promised_date": "承诺发货日期", "eta": "预计到货日期", "supplier_capacity": "供应商产能", "supplier_technology": "供应商技术",
		"supplier_quality": "供应商质量", "our_specification": "我方规格", "our_price": "我方价格", "our_follow_up": "我方跟进", "communication": "沟通",
		"on_track": "正常", "at_risk": "有风险", "late": "延误", "chase": "跟进", "comment": "留言", "ipi": "初期", "dupro": "中期", "fri": "尾期", "reinspection": "复检"},
	"en": {"minor": "minor", "major": "major", "critical": "critical", "open": "open", "done": "done", "verified": "verified",
		"concession": "concession", "rework": "rework", "reproduction": "re-production", "discount": "discount", "return": "return",
		"promised_date": "promised ship date", "eta": "ETA", "supplier_capacity": "supplier capacity",
		"supplier_technology": "supplier technology", "supplier_quality": "supplier quality", "our_specification": "our specification",
		"our_price": "our price", "our_follow_up": "our follow-up", "communication": "communication",
		"approved": "approved", "approved_with_comments": "approved with comments", "rejected": "rejected", "pass": "passed",
		"fail": "failed", "on_track": "on track", "at_risk": "at risk", "late": "late", "chase": "follow-up", "comment": "comment", "ipi": "initial", "dupro": "during-production",
		"fri": "final", "reinspection": "re-inspection"},
}

// Render gives the title and body of a notification in lang ("zh-CN" or
// "en"; anything else reads English). An unknown kind gets a general text.
func Render(kind, lang string, s Subject) (title, body string) {
	if lang != "zh-CN" {
		lang = "en"
	}
	t, ok := texts[lang][kind]
	if !ok {
		t = map[string][2]string{"zh-CN": {"{po} 有新动态", "请打开查看。"}, "en": {"{po}: an update", "Open it to see what changed."}}[lang]
	}
	fill := func(tpl string) string {
		var b strings.Builder
		for {
			i := strings.IndexByte(tpl, '{')
			j := strings.IndexByte(tpl[i+1:], '}')
			if i < 0 || j < 0 {
				b.WriteString(tpl)
				return strings.TrimSpace(b.String())
			}
			b.WriteString(tpl[:i])
			b.WriteString(value(tpl[i+1:i+1+j], lang, s))
			tpl = tpl[i+2+j:]
		}
	}
	return fill(t[0]), fill(t[1])
}

func value(name, lang string, s Subject) string {
	switch name {
	case "po":
		if s.PONumber == "" {
			return map[string]string{"zh-CN": "订单", "en": "Order"}[lang]
		}
		return s.PONumber
	case "style":
		return s.StyleNo
	case "actor":
		if s.Actor == "" {
			return map[string]string{"zh-CN": "系统", "en": "Gendan"}[lang]
		}
		return s.Actor
	case "step":
		if lang == "en" {
			if v, ok := s.Data["step_en"].(string); ok && v != "" {
				return v
			}
		}
	case "progress":
		// What a progress report says, in a few words.
		q, hasQ := s.Data["quantity"].(float64)
		switch {
		case s.Data["done"] == true:
			return map[string]string{"zh-CN": "已完成", "en": "done"}[lang]
		case hasQ && lang == "zh-CN":
			return fmt.Sprintf("累计 %.0f", q)
		case hasQ:
			return fmt.Sprintf("%.0f so far", q)
		}
		return map[string]string{"zh-CN": "新的说明", "en": "a note"}[lang]
	case "sample_type":
		// The round's type in the reader's language when the data has it.
		if lang == "en" {
			if v, ok := s.Data["name_en"].(string); ok && v != "" {
				return v
			}
		} else if v, ok := s.Data["name"].(string); ok && v != "" {
			return v
		}
	}
	v, ok := s.Data[name]
	if !ok || v == nil {
		return "—"
	}
	text := fmt.Sprint(v)
	if f, isNum := v.(float64); isNum {
		text = fmt.Sprintf("%.0f", f)
	}
	if w, ok := words[lang][text]; ok {
		return w
	}
	return text
}

// More says that n similar notifications were folded into a message.
func More(lang string, n int) string {
	if lang == "zh-CN" {
		return fmt.Sprintf("（这一小时内另有 %d 条同类更新）", n)
	}
	if n == 1 {
		return "(and 1 more like this in the hour)"
	}
	return fmt.Sprintf("(and %d more like this in the hour)", n)
}
