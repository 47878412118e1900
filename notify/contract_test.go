package notify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gendan/notify"
	"gendan/notify/chat"
	"gendan/notify/chattest"
	"gendan/notify/email"
	"gendan/notify/pushtest"
	"gendan/notify/smtptest"
	"gendan/notify/webpush"
)

// channelTimeout is every channel's own timeout in the harness, so that a
// hanging receiver costs the test little.
const channelTimeout = 400 * time.Millisecond

// delivered is a message as its receiver saw it, decoded back.
type delivered struct {
	Key, Title, Body, URL, Lang string
}

// behaviour is how a receiver other than the good one answers.
type behaviour int

const (
	refusePermanently behaviour = iota
	refuseForNow
	hang
	unreachable // a closed port
	gone
)

// harness is one channel in front of its receivers.
type harness struct {
	sender   notify.Sender                 // to a target that accepts
	received func() []delivered            // what that target accepted
	reached  func() int                    // connections or requests that reached it
	hasKey   bool                          // m.ID reaches the receiver
	to       func(behaviour) notify.Sender // nil when the channel has no such answer
	invalid  map[string]notify.Sender      // bad targets on the good receiver
}

// channels runs the contract against every channel.
func channels(t *testing.T, fn func(t *testing.T, h harness)) {
	t.Run("email", func(t *testing.T) { fn(t, emailHarness(t)) })
	t.Run("webpush", func(t *testing.T) { fn(t, pushHarness(t)) })
	for _, c := range []struct{ platform, secret string }{
		{chat.WeCom, ""}, {chat.DingTalk, "SEC-dingtalk-secret"}, {chat.Feishu, "SEC-feishu-secret"},
	} {
		t.Run("chat/"+c.platform, func(t *testing.T) { fn(t, chatHarness(t, c.platform, c.secret)) })
	}
}

func closedPort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

func emailHarness(t *testing.T) harness {
	relay := func(port int) *email.SMTP {
		return &email.SMTP{Host: "127.0.0.1", Port: port, From: "Gendan 跟单 <noreply@gendan.example>", Timeout: channelTimeout}
	}
	good := smtptest.New(t, smtptest.Config{})
	const addr = "王经理 <wang@factory.example>"
	return harness{
		sender: relay(good.Port()).To(addr),
		received: func() []delivered {
			var out []delivered
			for _, m := range good.Received() {
				out = append(out, decodeMail(t, m.Data))
			}
			return out
		},
		reached: good.Connections,
		hasKey:  true,
		to: func(b behaviour) notify.Sender {
			cfg := map[behaviour]smtptest.Config{
				refusePermanently: {RcptCode: 550},
				refuseForNow:      {MailCode: 451},
				hang:              {Silent: true},
			}
			switch c, ok := cfg[b]; {
			case ok:
				return relay(smtptest.New(t, c).Port()).To(addr)
			case b == unreachable:
				return relay(closedPort(t)).To(addr)
			}
			return nil
		},
		invalid: map[string]notify.Sender{
			"not an address": relay(good.Port()).To("not an address"),
			"injected Bcc":   relay(good.Port()).To("a@b.example\r\nBcc: victim@example.com"),
		},
	}
}

// decodeMail reads the text part as a mail client would.
func decodeMail(t *testing.T, data []byte) delivered {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("read message: %v", err)
	}
	var d delivered
	d.Lang = msg.Header.Get("Content-Language")
	if d.Title, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("subject: %v", err)
	}
	d.Key = messageIDKey(msg.Header.Get("Message-ID"))
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			break
		}
		if !strings.HasPrefix(part.Header.Get("Content-Type"), "text/plain") {
			continue
		}
		text, _ := io.ReadAll(part)
		// title, body, "label: link", then the signature after "-- ".
		lines := strings.Split(strings.ReplaceAll(string(text), "\r\n", "\n"), "\n")
		var body []string
		for _, l := range lines[1:] {
			if l == "-- " {
				break
			}
			if m := labelledLink.FindStringSubmatch(l); m != nil {
				d.URL = m[1]
				continue
			}
			body = append(body, l)
		}
		d.Body = strings.Join(body, "\n")
	}
	return d
}

var labelledLink = regexp.MustCompile(`^[^:]+: (https?://\S+)$`)

// messageIDKey undoes email.MessageID: "<send=2F7@gendan>" is "send/7".
func messageIDKey(h string) string {
	s := strings.TrimSuffix(strings.TrimPrefix(h, "<"), "@gendan>")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '=' && i+2 < len(s) {
			if c, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(c))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// pushService plays a push service that answers status, or never answers.
type pushService struct {
	srv  *httptest.Server
	mu   sync.Mutex
	got  [][]byte
	hits atomic.Int32
}

func newPushService(t *testing.T, status int, hangs bool) *pushService {
	p := &pushService{}
	release := make(chan struct{})
	p.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.hits.Add(1)
		body, _ := io.ReadAll(r.Body)
		if hangs {
			select {
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		if status == http.StatusCreated {
			p.mu.Lock()
			p.got = append(p.got, body)
			p.mu.Unlock()
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(p.srv.Close)
	t.Cleanup(func() { close(release) }) // runs first: lets Close return
	return p
}

func pushHarness(t *testing.T) harness {
	keys, err := webpush.GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	good := newPushService(t, http.StatusCreated, false)
	br := pushtest.NewBrowser(t)
	client := *good.srv.Client() // trusts every httptest TLS server
	client.Timeout = channelTimeout
	sender := &webpush.Sender{Keys: keys, Subject: "mailto:ops@gendan.example", Client: &client}
	badAuth := br.Subscription(good.srv.URL + "/push/a")
	badAuth.Auth = "c2hvcnQ"
	return harness{
		sender: sender.To(br.Subscription(good.srv.URL + "/push/a")),
		received: func() []delivered {
			good.mu.Lock()
			defer good.mu.Unlock()
			var out []delivered
			for _, body := range good.got {
				plain, err := br.Decrypt(body)
				if err != nil {
					t.Fatalf("decrypt: %v", err)
				}
				var p struct{ ID, Lang, Title, Body, URL string }
				if err := json.Unmarshal(plain, &p); err != nil {
					t.Fatalf("payload %s: %v", plain, err)
				}
				out = append(out, delivered{Key: p.ID, Title: p.Title, Body: p.Body, URL: p.URL, Lang: p.Lang})
			}
			return out
		},
		reached: func() int { return int(good.hits.Load()) },
		hasKey:  true,
		to: func(b behaviour) notify.Sender {
			var svc *pushService
			switch b {
			case refusePermanently:
				svc = newPushService(t, http.StatusForbidden, false)
			case refuseForNow:
				svc = newPushService(t, http.StatusTooManyRequests, false)
			case hang:
				svc = newPushService(t, 0, true)
			case gone:
				svc = newPushService(t, http.StatusGone, false)
			case unreachable:
				return sender.To(br.Subscription("https://127.0.0.1:" + strconv.Itoa(closedPort(t)) + "/push/a"))
			}
			return sender.To(br.Subscription(svc.srv.URL + "/push/a"))
		},
		invalid: map[string]notify.Sender{
			"plain http endpoint": sender.To(br.Subscription(strings.Replace(good.srv.URL, "https:", "http:", 1) + "/push/a")),
			"short auth":          sender.To(badAuth),
		},
	}
}

func chatHarness(t *testing.T, platform, secret string) harness {
	poster := &chat.Poster{Client: &http.Client{Timeout: channelTimeout}, Loopback: true}
	good := chattest.New(t, platform, secret)
	robot := func(s *chattest.Sink) chat.Robot {
		return chat.Robot{Platform: platform, Webhook: s.Webhook(), Secret: secret}
	}
	wrongPath := robot(good)
	wrongPath.Webhook = good.URL() + "/elsewhere"
	return harness{
		sender: poster.To(robot(good)),
		received: func() []delivered {
			var out []delivered
			for _, body := range good.Received() {
				out = append(out, decodeChat(t, platform, body))
			}
			return out
		},
		reached: good.Requests,
		to: func(b behaviour) notify.Sender {
			answers := map[behaviour]chattest.Answer{
				refusePermanently: chattest.RefusePermanently,
				refuseForNow:      chattest.RefuseForNow,
				hang:              chattest.Hang,
			}
			switch a, ok := answers[b]; {
			case ok:
				s := chattest.New(t, platform, secret)
				s.Answer(a)
				return poster.To(robot(s))
			case b == unreachable:
				r := robot(good)
				r.Webhook = strings.Replace(r.Webhook, good.URL(), "http://127.0.0.1:"+strconv.Itoa(closedPort(t)), 1)
				return poster.To(r)
			}
			return nil
		},
		invalid: map[string]notify.Sender{
			"wrong path":       poster.To(wrongPath),
			"unknown platform": poster.To(chat.Robot{Platform: "slack", Webhook: good.Webhook()}),
		},
	}
}

var markdownLink = regexp.MustCompile(`^\[(.+)\]\((.+)\)$`)

// decodeChat reads a robot message back: the platforms carry no id, and
// the link's label says the language.
func decodeChat(t *testing.T, platform string, body []byte) delivered {
	t.Helper()
	var doc struct {
		Markdown struct{ Title, Text, Content string }
		Card     struct {
			Header struct {
				Title struct{ Content string }
			}
			Elements []struct {
				Tag, Content string
				Actions      []struct {
					URL  string
					Text struct{ Content string }
				}
			}
		}
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	var d delivered
	var label string
	var lines []string
	switch platform {
	case chat.WeCom, chat.DingTalk:
		text := doc.Markdown.Content + doc.Markdown.Text
		lines = strings.Split(text, "\n")
		d.Title = strings.TrimPrefix(strings.Trim(lines[0], "*"), "#### ")
		if m := markdownLink.FindStringSubmatch(lines[len(lines)-1]); m != nil {
			label, d.URL = m[1], m[2]
		}
		lines = lines[1 : len(lines)-1]
	case chat.Feishu:
		d.Title = doc.Card.Header.Title.Content
		for _, e := range doc.Card.Elements {
			if e.Tag == "markdown" {
				lines = strings.Split(e.Content, "\n")
			}
			for _, a := range e.Actions {
				label, d.URL = a.Text.Content, a.URL
			}
		}
	}
	d.Body = strings.Join(lines, "\n")
	switch label {
	case "查看详情":
		d.Lang = "zh-CN"
	case "Open":
		d.Lang = "en"
	}
	return d
}

// textLines is s's non-blank lines, trimmed: what every channel keeps of
// a body, whatever its line breaks.
func textLines(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

var (
	msgZH = notify.Message{
		ID: "send-101", Kind: "inspection_failed", Lang: "zh-CN",
		Title: "验货不合格：订单 PO-2026-118",
		Body:  "东莞工厂第 3 批次抽检 125 件，严重缺陷 4 件。\n请工厂今天回复整改计划。\n\n备注：颜色按潘通 19-4052。",
		URL:   "https://gendan.example/orders/118?tab=inspections",
	}
	msgEN = notify.Message{
		ID: "send-102", Kind: "sample_submitted", Lang: "en",
		Title: "Sample submitted for PO-2026-119",
		Body:  "Pre-production sample, size M.\nPlease review by Friday.",
		URL:   "https://gendan.example/orders/119",
	}
)

// sameText compares what the receiver saw with m.
func sameText(t *testing.T, got delivered, m notify.Message) {
	t.Helper()
	if got.Title != m.Title {
		t.Errorf("title %q, want %q", got.Title, m.Title)
	}
	if textLines(got.Body) != textLines(m.Body) {
		t.Errorf("body\n%q\nwant\n%q", textLines(got.Body), textLines(m.Body))
	}
	if got.URL != m.URL {
		t.Errorf("url %q, want %q", got.URL, m.URL)
	}
	if got.Lang != m.Lang {
		t.Errorf("lang %q, want %q", got.Lang, m.Lang)
	}
}

func one(t *testing.T, h harness) delivered {
	t.Helper()
	got := h.received()
	if len(got) != 1 {
		t.Fatalf("received %d messages, want 1", len(got))
	}
	return got[0]
}

func permanent(err error) (*notify.Permanent, bool) {
	var p *notify.Permanent
	return p, errors.As(err, &p)
}

func isPermanent(err error) bool {
	_, ok := permanent(err)
	return ok
}

func TestContractRoundTrip(t *testing.T) {
	for _, m := range []notify.Message{msgZH, msgEN} {
		t.Run(m.Lang, func(t *testing.T) {
			channels(t, func(t *testing.T, h harness) {
				if err := h.sender.Send(context.Background(), m); err != nil {
					t.Fatalf("send: %v", err)
				}
				sameText(t, one(t, h), m)
			})
		})
	}
}

func TestContractIdempotencyKey(t *testing.T) {
	channels(t, func(t *testing.T, h harness) {
		m := msgEN
		m.ID = "send-7/retry.2"
		if err := h.sender.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
		got := one(t, h)
		if !h.hasKey {
			t.Skip("the channel carries no idempotency key")
		}
		if got.Key != m.ID {
			t.Errorf("key %q, want %q", got.Key, m.ID)
		}
	})
}

// refused sends msgZH to a receiver that behaves so and returns how long
// Send took and its error, which must not be nil.
func refused(t *testing.T, h harness, b behaviour) (time.Duration, error) {
	t.Helper()
	s := h.to(b)
	if s == nil {
		t.Skip("the channel has no such answer")
	}
	start := time.Now()
	err := s.Send(context.Background(), msgZH)
	if err == nil {
		t.Fatal("send: nil, want an error")
	}
	return time.Since(start), err
}

func TestContractPermanentRefusal(t *testing.T) {
	channels(t, func(t *testing.T, h harness) {
		_, err := refused(t, h, refusePermanently)
		if p, ok := permanent(err); !ok || p.Gone {
			t.Errorf("%v: want Permanent, not Gone", err)
		}
	})
}

func TestContractTemporaryRefusal(t *testing.T) {
	channels(t, func(t *testing.T, h harness) {
		if _, err := refused(t, h, refuseForNow); isPermanent(err) {
			t.Errorf("%v: want temporary", err)
		}
	})
}

func TestContractHangingReceiver(t *testing.T) {
	channels(t, func(t *testing.T, h harness) {
		took, err := refused(t, h, hang)
		if took > channelTimeout+time.Second {
			t.Errorf("send took %v with a %v timeout", took, channelTimeout)
		}
		if isPermanent(err) {
			t.Errorf("%v: want temporary", err)
		}
	})
}

func TestContractClosedPort(t *testing.T) {
	channels(t, func(t *testing.T, h harness) {
		if _, err := refused(t, h, unreachable); isPermanent(err) {
			t.Errorf("%v: want temporary", err)
		}
	})
}

func TestContractGone(t *testing.T) {
	channels(t, func(t *testing.T, h harness) {
		_, err := refused(t, h, gone)
		if p, ok := permanent(err); !ok || !p.Gone {
			t.Errorf("%v: want Permanent with Gone", err)
		}
	})
}

func TestContractCancelledContext(t *testing.T) {
	channels(t, func(t *testing.T, h harness) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		start := time.Now()
		err := h.sender.Send(ctx, msgZH)
		if took := time.Since(start); took > 200*time.Millisecond {
			t.Errorf("send took %v with ctx done", took)
		}
		if err == nil || isPermanent(err) || !errors.Is(err, context.Canceled) {
			t.Errorf("%v: want temporary, wrapping context.Canceled", err)
		}
		if n := h.reached(); n != 0 {
			t.Errorf("the receiver was reached %d times", n)
		}
	})
}

func TestContractConcurrentSends(t *testing.T) {
	const n = 20
	channels(t, func(t *testing.T, h harness) {
		want := map[string]string{} // title: id
		for i := range n {
			want[fmt.Sprintf("%s 第 %d 条", msgZH.Title, i)] = fmt.Sprintf("send-%d", 500+i)
		}
		var wg sync.WaitGroup
		for title, id := range want {
			wg.Go(func() {
				m := msgZH
				m.ID, m.Title = id, title
				if err := h.sender.Send(context.Background(), m); err != nil {
					t.Errorf("send %s: %v", id, err)
				}
			})
		}
		wg.Wait()
		seen := map[string]int{}
		for _, d := range h.received() {
			seen[d.Title]++
			if h.hasKey && d.Key != want[d.Title] {
				t.Errorf("key %q for %q, want %q", d.Key, d.Title, want[d.Title])
			}
		}
		for title := range want {
			if seen[title] != 1 {
				t.Errorf("%q received %d times, want once", title, seen[title])
			}
		}
	})
}

func TestContractInvalidMessageOrTarget(t *testing.T) {
	blank, script, hostless, elsewhere := msgEN, msgEN, msgEN, msgEN
	blank.Title = " \t"
	script.URL = "javascript:alert(1)"
	hostless.URL = "http://"
	elsewhere.URL = "//evil.example/orders/1"
	channels(t, func(t *testing.T, h harness) {
		for name, m := range map[string]notify.Message{"blank title": blank, "javascript link": script,
			"link without host": hostless, "link to another host": elsewhere} {
			if err := h.sender.Send(context.Background(), m); !isPermanent(err) {
				t.Errorf("%s: %v, want Permanent", name, err)
			}
		}
		for name, s := range h.invalid {
			if err := s.Send(context.Background(), msgEN); !isPermanent(err) {
				t.Errorf("%s: %v, want Permanent", name, err)
			}
		}
		if n := h.reached(); n != 0 {
			t.Errorf("the receiver was reached %d times, want never", n)
		}
	})
}
