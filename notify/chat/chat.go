// Package chat posts notifications to chat-group robots: WeCom (企业微信),
// DingTalk (钉钉) and Feishu/Lark (飞书), where Chinese factories and
// merchandisers read their alerts (issue 16). Each message goes out in the
// platform's own format with a link to the object, its link text in the
// message's language ("查看详情" / "Open"):
//
//   - WeCom: {"msgtype":"markdown","markdown":{"content":…}}, content at
//     most 4096 bytes (the platform's limit). WeCom robots do not sign;
//     a Secret is ignored.
//   - DingTalk: {"msgtype":"markdown","markdown":{"title":…,"text":…}}.
//     With a Secret, timestamp (ms) and sign =
//     base64(HMAC-SHA256(key=secret, msg=timestamp+"\n"+secret)) are added
//     to the webhook's query, URL-encoded.
//   - Feishu/Lark: an interactive card (msg_type "interactive") with the
//     title in the header, the body as a markdown element and a button to
//     the URL. With a Secret, "timestamp" (seconds, a string) and "sign" =
//     base64(HMAC-SHA256(key=timestamp+"\n"+secret, msg="")) go in the body.
//
// The platforms reject a timestamp more than an hour from their clock, so
// Poster.Now must be close to real time.
//
// User text (title and body) is plain text: characters that the platforms'
// markdown would read as markup — * [ ] ` < > ~ and a # opening a line
// (and & on Feishu, whose markdown takes HTML entities) — are replaced by
// their full-width forms (＊ ［ ］ ｀ ＜ ＞ ～ ＃ ＆), so a title cannot close
// the bold, forge a link, open a <font>/<at> tag or mention everyone. The
// underscore is left alone: order numbers such as PO_2026_01 are common,
// and at worst a pair of them renders in italics. Bodies are cut at a rune
// boundary with "…" to stay within 4096 bytes (the WeCom limit, used for
// all three); titles to 256 bytes. The link must be an absolute http(s)
// URL of at most 2048 bytes; the characters that would end a markdown
// link are percent-encoded.
//
// Errors follow notify's rule: a *notify.Permanent cannot be fixed by
// retrying, anything else is temporary.
//
//   - An invalid robot (platform, webhook) or message URL: Permanent.
//   - A network error, a timeout or a cancelled ctx: temporary.
//   - HTTP 429 or 5xx: temporary; any other non-2xx: Permanent.
//   - HTTP 2xx whose answer has no code (not JSON, say): temporary.
//   - HTTP 2xx with a non-zero code (WeCom and DingTalk "errcode", Feishu
//     "code", or its older "StatusCode"): temporary for the rate-limit and
//     "system busy" codes below, Permanent for everything else (signature,
//     timestamp, keyword, IP allow-list, parameter, unknown robot). A
//     rate-limit code in a non-2xx answer is temporary too.
//
// The codes mapped to temporary:
//
//	WeCom     45009 (API frequency out of limit), -1 (system busy)
//	DingTalk  130101 (sending too fast), 410100 (flow limited), -1 (system busy)
//	Feishu    9499 (too many requests), 11232 (frequency limited)
//
// The failure is a *ResponseError (wrapped in a *notify.Permanent when
// permanent) with the platform's code and message.
//
// Secrets never appear in errors: the webhook in an error is redacted (the
// WeCom key, the DingTalk access_token and sign, and the Feishu hook token
// keep only their first four characters), and Robot prints itself redacted.
package chat

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gendan/notify"
)

// The platforms a Robot may name.
const (
	WeCom    = "wecom"
	DingTalk = "dingtalk"
	Feishu   = "feishu" // Feishu and its international edition Lark
)

const (
	maxContent = 4096 // bytes of markdown per message: the WeCom limit, kept for all
	maxTitle   = 256  // bytes
	maxLink    = 2048 // bytes; longer links are refused, not cut
	maxReply   = 64 << 10
	ellipsis   = "…"
)

// Robot is one group robot as registered by a supplier or a team.
type Robot struct {
	Platform string // WeCom, DingTalk or Feishu
	Webhook  string // the robot's address as the platform shows it; it holds the robot's token
	Secret   string // DingTalk/Feishu signing secret, optional
}

// String redacts the webhook token and leaves the secret out, so a Robot
// printed by mistake leaks nothing.
func (r Robot) String() string {
	s := r.Platform + " robot " + redactURL(r.Webhook)
	if r.Secret != "" {
		s += " (signed)"
	}
	return s
}

// GoString keeps %#v as safe as %v.
func (r Robot) GoString() string { return r.String() }

// LogValue keeps slog as safe as %v.
func (r Robot) LogValue() slog.Value { return slog.StringValue(r.String()) }

// Poster sends messages to robots.
type Poster struct {
	Client *http.Client     // nil: a client with a 15 s timeout that follows no redirects
	Now    func() time.Time // the signing clock; nil: time.Now
	// Loopback lets robots of a loopback address through (the local sinks
	// of other packages' tests); never set in production.
	Loopback bool
}

// ResponseError is a robot's answer that is not a success.
type ResponseError struct {
	Platform string
	Webhook  string // redacted
	Status   int    // HTTP status
	Code     int    // the platform's errcode/code, 0 when the answer had none
	Msg      string // the platform's message, shortened
}

func (e *ResponseError) Error() string {
	s := fmt.Sprintf("chat: %s robot %s: HTTP %d", e.Platform, e.Webhook, e.Status)
	if e.Code != 0 {
		s += fmt.Sprintf(", code %d", e.Code)
	}
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}

// To binds p to the robot r.
func (p *Poster) To(r Robot) notify.Sender {
	return notify.SenderFunc(func(ctx context.Context, m notify.Message) error { return p.Send(ctx, r, m) })
}

// Send posts m to the robot's group. See the package doc for which errors
// are permanent.
func (p *Poster) Send(ctx context.Context, r Robot, m notify.Message) error {
	var client *http.Client
	now, loopback := time.Now, allowLoopbackForTests
	if p != nil { // a nil *Poster works like the zero Poster
		client = p.Client
		if p.Now != nil {
			now = p.Now
		}
		loopback = loopback || p.Loopback
	}
	target, body, err := payload(r, m, now(), loopback)
	if p := (*notify.Permanent)(nil); err != nil && !errors.As(err, &p) {
		err = &notify.Permanent{Err: err}
	}
	if err != nil {
		return err
	}
	where := redactURL(r.Webhook)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return &notify.Permanent{Err: fmt.Errorf("chat: %s robot %s: build request: %w", r.Platform, where, scrubURLError(err))}
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if client == nil {
		client = &http.Client{
			Timeout: 15 * time.Second,
			// A robot never redirects; following one would send the message elsewhere.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	resp, err := client.Do(req)
	if err != nil {
		// net/http names the (redacted) URL itself.
		return fmt.Errorf("chat: %s robot: %w", r.Platform, scrubURLError(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxReply))
	if err != nil && resp.StatusCode/100 == 2 {
		// The message may have arrived; the answer did not. Retrying risks
		// a duplicate, giving up risks a loss: the dispatcher retries.
		return fmt.Errorf("chat: %s robot %s: read answer: %w", r.Platform, where, scrubURLError(err))
	}
	return answer(r, where, resp.StatusCode, data)
}

// reply holds the fields the three platforms answer with.
type reply struct {
	ErrCode       *int   `json:"errcode"` // WeCom, DingTalk
	ErrMsg        string `json:"errmsg"`
	Code          *int   `json:"code"` // Feishu
	Msg           string `json:"msg"`
	StatusCode    *int   `json:"StatusCode"` // Feishu, older answers
	StatusMessage string `json:"StatusMessage"`
}

func (rp reply) code(platform string) (int, string, bool) {
	switch {
	case platform == Feishu && rp.Code != nil:
		return *rp.Code, rp.Msg, true
	case platform == Feishu && rp.StatusCode != nil:
		return *rp.StatusCode, rp.StatusMessage, true
	case platform != Feishu && rp.ErrCode != nil:
		return *rp.ErrCode, rp.ErrMsg, true
	}
	return 0, "", false
}

// retryable are the codes that say "later", per platform: rate limits and
// "system busy". Every other non-zero code is permanent.
var retryable = map[string]map[int]bool{
	WeCom:    {45009: true, -1: true},
	DingTalk: {130101: true, 410100: true, -1: true},
	Feishu:   {9499: true, 11232: true},
}

func answer(r Robot, where string, status int, data []byte) error {
	var rp reply
	hasCode := false
	code, msg := 0, ""
	if json.Unmarshal(data, &rp) == nil {
		code, msg, hasCode = rp.code(r.Platform)
	}
	e := &ResponseError{Platform: r.Platform, Webhook: where, Status: status, Code: code, Msg: shorten(scrub(msg, r))}
	ok := status/100 == 2
	switch {
	case ok && hasCode && code == 0:
		return nil
	case hasCode && code != 0 && retryable[r.Platform][code]:
		return e
	case ok && !hasCode:
		e.Msg = "answer without a code"
		return e
	case ok:
		return &notify.Permanent{Err: e}
	case status == http.StatusTooManyRequests || status >= 500:
		return e
	}
	return &notify.Permanent{Err: e}
}

// Payload returns the address to post to and the JSON body for m on r's
// platform, signed with r.Secret at now. It posts nothing: Send uses it, and
// so can tests and previews.
func Payload(r Robot, m notify.Message, now time.Time) (string, []byte, error) {
	return payload(r, m, now, allowLoopbackForTests)
}

func payload(r Robot, m notify.Message, now time.Time, loopback bool) (string, []byte, error) {
	if err := validWebhook(r.Platform, r.Webhook, loopback); err != nil {
		return "", nil, err
	}
	if err := notify.Check(m); err != nil {
		return "", nil, err
	}
	link, err := safeLink(m.URL)
	if err != nil {
		return "", nil, err
	}
	title := oneLine(clean(m.Title))
	if title == "" { // control characters only
		return "", nil, errors.New("chat: message title is blank")
	}
	lines := bodyLines(clean(m.Body))
	text := linkText(m.Lang)

	var body any
	target := r.Webhook
	switch r.Platform {
	case WeCom:
		// "**title**\nbody\n[text](link)", the body cut so that all fits.
		head := "**" + truncate(neutralise(title, WeCom), maxTitle) + "**\n"
		tail := "[" + text + "](" + link + ")"
		content := head + fit(strings.Join(neutraliseLines(lines, WeCom), "\n"), "\n", len(head)+len(tail)) + tail
		body = wecomMsg{MsgType: "markdown", Markdown: wecomMarkdown{Content: content}}
	case DingTalk:
		// DingTalk's markdown wants a blank line for a line break.
		head := "#### " + truncate(neutralise(title, DingTalk), maxTitle) + "\n\n"
		tail := "[" + text + "](" + link + ")"
		content := head + fit(strings.Join(neutraliseLines(nonEmpty(lines), DingTalk), "\n\n"), "\n\n", len(head)+len(tail)) + tail
		// The title is what the chat list previews, as plain text.
		body = dingtalkMsg{MsgType: "markdown", Markdown: dingtalkMarkdown{Title: truncate(title, maxTitle), Text: content}}
		if r.Secret != "" {
			ts := strconv.FormatInt(now.UnixMilli(), 10)
			u, err := url.Parse(r.Webhook)
			if err != nil { // ValidWebhook parsed it already
				return "", nil, errors.New("chat: dingtalk webhook is not a URL")
			}
			q := u.Query()
			q.Set("timestamp", ts)
			q.Set("sign", dingtalkSign(r.Secret, ts))
			u.RawQuery = q.Encode()
			target = u.String()
		}
	case Feishu:
		card := feishuCard{
			Config: feishuConfig{WideScreenMode: true},
			Header: feishuHeader{Title: feishuText{Tag: "plain_text", Content: truncate(title, maxTitle)}, Template: template(m.Kind)},
		}
		if md := strings.Join(neutraliseLines(lines, Feishu), "\n"); md != "" {
			card.Elements = append(card.Elements, feishuElement{Tag: "markdown", Content: truncate(md, maxContent)})
		}
		card.Elements = append(card.Elements, feishuElement{Tag: "action", Actions: []feishuButton{{
			Tag: "button", Text: feishuText{Tag: "plain_text", Content: text}, Type: "primary", URL: link,
		}}})
		msg := feishuMsg{MsgType: "interactive", Card: card}
		if r.Secret != "" {
			msg.Timestamp = strconv.FormatInt(now.Unix(), 10)
			msg.Sign = feishuSign(r.Secret, msg.Timestamp)
		}
		body = msg
	}
	data, err := json.Marshal(body)
	if err != nil {
		return "", nil, fmt.Errorf("chat: encode %s message: %w", r.Platform, err)
	}
	return target, data, nil
}

// dingtalkSign is DingTalk's sign for timestamp (milliseconds, decimal):
// base64(HMAC-SHA256(key=secret, msg=timestamp+"\n"+secret)), before URL
// encoding.
func dingtalkSign(secret, timestamp string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "\n" + secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// feishuSign is Feishu's sign for timestamp (seconds, decimal): the HMAC
// key is the string to sign and the message is empty, as Feishu documents.
func feishuSign(secret, timestamp string) string {
	mac := hmac.New(sha256.New, []byte(timestamp+"\n"+secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

type wecomMsg struct {
	MsgType  string        `json:"msgtype"`
	Markdown wecomMarkdown `json:"markdown"`
}

type wecomMarkdown struct {
	Content string `json:"content"`
}

type dingtalkMsg struct {
	MsgType  string           `json:"msgtype"`
	Markdown dingtalkMarkdown `json:"markdown"`
}

type dingtalkMarkdown struct {
	Title string `json:"title"`
	Text  string `json:"text"`
}

type feishuMsg struct {
	Timestamp string     `json:"timestamp,omitempty"`
	Sign      string     `json:"sign,omitempty"`
	MsgType   string     `json:"msg_type"`
	Card      feishuCard `json:"card"`
}

type feishuCard struct {
	Config   feishuConfig    `json:"config"`
	Header   feishuHeader    `json:"header"`
	Elements []feishuElement `json:"elements"`
}

type feishuConfig struct {
	WideScreenMode bool `json:"wide_screen_mode"`
}

type feishuHeader struct {
	Title    feishuText `json:"title"`
	Template string     `json:"template"`
}

type feishuText struct {
	Tag     string `json:"tag"`
	Content string `json:"content"`
}

type feishuElement struct {
	Tag     string         `json:"tag"`
	Content string         `json:"content,omitempty"`
	Actions []feishuButton `json:"actions,omitempty"`
}

type feishuButton struct {
	Tag  string     `json:"tag"`
	Text feishuText `json:"text"`
	Type string     `json:"type"`
	URL  string     `json:"url"`
}

// template colours the card header: red for the events that ask for action
// at once, blue otherwise.
func template(kind string) string {
	for _, w := range []string{"fail", "reject", "worse", "overdue", "escalat", "cancel"} {
		if strings.Contains(kind, w) {
			return "red"
		}
	}
	return "blue"
}

func linkText(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "zh") {
		return "查看详情"
	}
	return "Open"
}

// fit cuts body so that it, a separator after it and reserved bytes stay
// within maxContent; an empty body takes no separator.
func fit(body, sep string, reserved int) string {
	if body == "" {
		return ""
	}
	return truncate(body, maxContent-reserved-len(sep)) + sep
}

// truncate cuts valid UTF-8 s to at most max bytes at a rune boundary,
// ending it with "…" when it cut.
func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	if max < len(ellipsis) {
		return ""
	}
	cut := max - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimRightFunc(s[:cut], unicode.IsSpace) + ellipsis
}

// clean makes user text valid UTF-8 with "\n" line ends and no other
// control characters.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\r', r == '\t':
			return ' '
		case unicode.IsControl(r), r == '\u2028', r == '\u2029':
			return -1
		}
		return r
	}, s)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// bodyLines trims each line (a leading indent would turn markdown into a
// code block) and keeps at most one blank line in a row.
func bodyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, l)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

func nonEmpty(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

var markup = strings.NewReplacer(
	"*", "＊", "[", "［", "]", "］", "`", "｀", "<", "＜", ">", "＞", "~", "～",
)

// neutralise makes one line of plain text inert in the platform's markdown.
func neutralise(line, platform string) string {
	line = markup.Replace(line)
	if platform == Feishu {
		line = strings.ReplaceAll(line, "&", "＆")
	}
	if strings.HasPrefix(line, "#") {
		line = "＃" + line[1:]
	}
	return line
}

func neutraliseLines(lines []string, platform string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = neutralise(l, platform)
	}
	return out
}

// linkEscapes percent-encodes what would end or confuse a markdown link.
var linkEscapes = strings.NewReplacer(
	"(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E", "\"", "%22", "'", "%27", "`", "%60",
)

func safeLink(raw string) (string, error) {
	if len(raw) > maxLink {
		return "", fmt.Errorf("chat: message link is longer than %d bytes", maxLink)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return "", errors.New("chat: message link is not an absolute http(s) URL")
	}
	return linkEscapes.Replace(u.String()), nil
}

// allowLoopbackForTests lets the tests post to an httptest sink on a
// loopback address (http or https, any port). Only this package's tests
// set it.
var allowLoopbackForTests bool

var officialHosts = map[string][]string{
	WeCom:    {"qyapi.weixin.qq.com"},
	DingTalk: {"oapi.dingtalk.com"},
	Feishu:   {"open.feishu.cn", "open.larksuite.com"},
}

// ValidWebhook says whether webhook is a robot address of platform: https,
// the platform's official host on the default port, and the path the
// platform gives robots (WeCom /cgi-bin/webhook/send?key=…, DingTalk
// /robot/send?access_token=…, Feishu/Lark /open-apis/bot/v2/hook/<token>).
// The error never repeats the webhook.
func ValidWebhook(platform, webhook string) error {
	return validWebhook(platform, webhook, allowLoopbackForTests)
}

func validWebhook(platform, webhook string, loopback bool) error {
	hosts, ok := officialHosts[platform]
	if !ok {
		return fmt.Errorf("chat: unknown robot platform %q", shorten(platform))
	}
	u, err := url.Parse(webhook)
	if err != nil || u.Opaque != "" || u.Host == "" {
		return fmt.Errorf("chat: %s webhook is not an absolute URL", platform)
	}
	if u.User != nil {
		return fmt.Errorf("chat: %s webhook must not carry a user name or password", platform)
	}
	host := strings.ToLower(u.Hostname())
	if loopback && (host == "127.0.0.1" || host == "::1" || host == "localhost") {
		if u.Scheme != "https" && u.Scheme != "http" {
			return fmt.Errorf("chat: %s webhook must use https", platform)
		}
	} else {
		if u.Scheme != "https" {
			return fmt.Errorf("chat: %s webhook must use https", platform)
		}
		official := false
		for _, h := range hosts {
			official = official || host == h
		}
		if !official {
			return fmt.Errorf("chat: %s webhook host %q is not %s", platform, shorten(host), strings.Join(hosts, " or "))
		}
		if p := u.Port(); p != "" && p != "443" {
			return fmt.Errorf("chat: %s webhook must use the default port", platform)
		}
	}
	q := u.Query()
	switch platform {
	case WeCom:
		if strings.TrimRight(u.Path, "/") != "/cgi-bin/webhook/send" || q.Get("key") == "" {
			return errors.New("chat: wecom webhook is not /cgi-bin/webhook/send?key=…")
		}
	case DingTalk:
		if strings.TrimRight(u.Path, "/") != "/robot/send" || q.Get("access_token") == "" {
			return errors.New("chat: dingtalk webhook is not /robot/send?access_token=…")
		}
	case Feishu:
		token, ok := strings.CutPrefix(u.Path, "/open-apis/bot/v2/hook/")
		if !ok || token == "" || strings.Contains(token, "/") {
			return errors.New("chat: feishu webhook is not /open-apis/bot/v2/hook/<token>")
		}
	}
	return nil
}

// secretParams are the query parameters that carry a robot's credentials.
var secretParams = map[string]bool{"key": true, "access_token": true, "sign": true}

// redactURL keeps a webhook recognisable (host, path, the first four
// characters of its token) and useless.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(webhook not shown)"
	}
	path := u.EscapedPath()
	if head, token, ok := strings.Cut(path, "/hook/"); ok {
		path = head + "/hook/" + redactValue(token)
	}
	var params []string
	for _, kv := range strings.Split(u.RawQuery, "&") {
		if kv == "" {
			continue
		}
		name, value, _ := strings.Cut(kv, "=")
		if n, err := url.QueryUnescape(name); err == nil && secretParams[strings.ToLower(n)] {
			value = redactValue(value)
		}
		params = append(params, name+"="+value)
	}
	s := u.Scheme + "://" + u.Host + path
	if len(params) > 0 {
		s += "?" + strings.Join(params, "&")
	}
	return s
}

func redactValue(v string) string {
	if len(v) > 4 {
		v = v[:4]
	} else {
		v = ""
	}
	return v + "***"
}

// scrubURLError replaces the URL that net/http puts in its errors (it holds
// the robot's token) by its redacted form.
func scrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: redactURL(ue.URL), Err: ue.Err}
	}
	return err
}

// scrub removes the robot's credentials from text a platform sent back,
// in case it echoes them.
func scrub(s string, r Robot) string {
	if r.Secret != "" {
		s = strings.ReplaceAll(s, r.Secret, "***")
	}
	if u, err := url.Parse(r.Webhook); err == nil {
		for name, values := range u.Query() {
			if secretParams[name] {
				for _, v := range values {
					if v != "" {
						s = strings.ReplaceAll(s, v, "***")
					}
				}
			}
		}
		if _, token, ok := strings.Cut(u.Path, "/hook/"); ok && token != "" {
			s = strings.ReplaceAll(s, token, "***")
		}
	}
	return s
}

// shorten bounds text from outside that goes into an error.
func shorten(s string) string {
	return truncate(clean(s), 200)
}
