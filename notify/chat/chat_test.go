package chat

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"gendan/notify"
)

func TestMain(m *testing.M) {
	// Every sink below listens on 127.0.0.1; nothing leaves the machine.
	allowLoopbackForTests = true
	os.Exit(m.Run())
}

// The credentials the sinks expect. A test fails if any of them shows up in
// an error.
const (
	wecomKey      = "wk-0f3c9a7e-SECRETKEY"
	dingtalkToken = "dt-8b1e44d2SECRETTOKEN"
	feishuToken   = "fs-5a6c-SECRETHOOK"
	signSecret    = "SEC-signing-secret-123"
)

// received is one post a sink accepted.
type received struct {
	Query    url.Values
	RawQuery string
	Body     []byte
}

// sink plays a platform's robot endpoint: it checks the robot's token, the
// JSON content type and, when it has a secret, the signature and its
// timestamp's age the way the platform does, and answers like it.
type sink struct {
	t        *testing.T
	platform string
	secret   string
	srv      *httptest.Server

	mu  sync.Mutex
	got []received
}

func newSink(t *testing.T, platform, secret string) *sink {
	s := &sink{t: t, platform: platform, secret: secret}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *sink) robot() Robot {
	var hook string
	switch s.platform {
	case WeCom:
		hook = s.srv.URL + "/cgi-bin/webhook/send?key=" + wecomKey
	case DingTalk:
		hook = s.srv.URL + "/robot/send?access_token=" + dingtalkToken
	case Feishu:
		hook = s.srv.URL + "/open-apis/bot/v2/hook/" + feishuToken
	}
	return Robot{Platform: s.platform, Webhook: hook, Secret: s.secret}
}

func (s *sink) last() received {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.got) == 0 {
		s.t.Fatal("the sink received nothing")
	}
	return s.got[len(s.got)-1]
}

func answerWith(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (s *sink) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		answerWith(w, http.StatusBadRequest, map[string]any{"errcode": 40000, "code": 40000, "msg": "want a JSON POST"})
		return
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		answerWith(w, http.StatusOK, map[string]any{"errcode": 40000, "code": 9499, "msg": "bad json"})
		return
	}
	q := r.URL.Query()
	switch s.platform {
	case WeCom:
		if q.Get("key") != wecomKey {
			answerWith(w, http.StatusOK, map[string]any{"errcode": 93000, "errmsg": "invalid webhook url"})
			return
		}
	case DingTalk:
		if q.Get("access_token") != dingtalkToken {
			answerWith(w, http.StatusOK, map[string]any{"errcode": 300001, "errmsg": "token is not exist"})
			return
		}
		if s.secret != "" && !s.dingtalkSigned(r) {
			answerWith(w, http.StatusOK, map[string]any{"errcode": 310000, "errmsg": "sign not match"})
			return
		}
	case Feishu:
		if r.URL.Path != "/open-apis/bot/v2/hook/"+feishuToken {
			answerWith(w, http.StatusOK, map[string]any{"code": 19001, "msg": "param invalid: incoming webhook access token invalid"})
			return
		}
		if s.secret != "" && !s.feishuSigned(doc) {
			answerWith(w, http.StatusOK, map[string]any{"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"})
			return
		}
	}
	s.mu.Lock()
	s.got = append(s.got, received{Query: q, RawQuery: r.URL.RawQuery, Body: body})
	s.mu.Unlock()
	if s.platform == Feishu {
		answerWith(w, http.StatusOK, map[string]any{"code": 0, "msg": "success", "data": map[string]any{}})
		return
	}
	answerWith(w, http.StatusOK, map[string]any{"errcode": 0, "errmsg": "ok"})
}

// fresh says whether a signed timestamp is within the platforms' hour.
func fresh(t time.Time) bool {
	d := time.Since(t)
	return d < time.Hour && d > -time.Hour
}

func (s *sink) dingtalkSigned(r *http.Request) bool {
	q := r.URL.Query()
	ts := q.Get("timestamp")
	ms, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || !fresh(time.UnixMilli(ms)) {
		return false
	}
	mac := hmac.New(sha256.New, []byte(s.secret))
	mac.Write([]byte(ts + "\n" + s.secret))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	// The sign is URL-encoded in the query (base64 has + / =).
	if !strings.Contains(r.URL.RawQuery, "sign="+url.QueryEscape(want)) {
		return false
	}
	got, err := base64.StdEncoding.DecodeString(q.Get("sign"))
	return err == nil && hmac.Equal(got, mac.Sum(nil))
}

func (s *sink) feishuSigned(doc map[string]any) bool {
	ts, _ := doc["timestamp"].(string)
	sign, _ := doc["sign"].(string)
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || !fresh(time.Unix(sec, 0)) {
		return false
	}
	mac := hmac.New(sha256.New, []byte(ts+"\n"+s.secret))
	got, err := base64.StdEncoding.DecodeString(sign)
	return err == nil && hmac.Equal(got, mac.Sum(nil))
}

// The shapes the platforms document, decoded independently of chat.go.
type wecomDoc struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Content string `json:"content"`
	} `json:"markdown"`
}

type dingtalkDoc struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"markdown"`
}

type feishuDoc struct {
	Timestamp *string `json:"timestamp"`
	Sign      *string `json:"sign"`
	MsgType   string  `json:"msg_type"`
	Card      struct {
		Header struct {
			Title struct {
				Tag     string `json:"tag"`
				Content string `json:"content"`
			} `json:"title"`
			Template string `json:"template"`
		} `json:"header"`
		Elements []struct {
			Tag     string `json:"tag"`
			Content string `json:"content"`
			Actions []struct {
				Tag  string `json:"tag"`
				Type string `json:"type"`
				URL  string `json:"url"`
				Text struct {
					Tag     string `json:"tag"`
					Content string `json:"content"`
				} `json:"text"`
			} `json:"actions"`
		} `json:"elements"`
	} `json:"card"`
}

func (d feishuDoc) markdown() string {
	for _, e := range d.Card.Elements {
		if e.Tag == "markdown" {
			return e.Content
		}
	}
	return ""
}

func decode[T any](t *testing.T, data []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	return v
}

var messages = []struct {
	msg  notify.Message
	link string
}{
	{notify.Message{
		ID: "s-1", Kind: "inspection_failed", Lang: "zh-CN",
		Title: "验货不合格：PO-2026-118",
		Body:  "AQL 2.5 抽检 125 件，严重缺陷 4 件。\n请工厂今天回复整改计划。",
		URL:   "https://gendan.example/orders/118",
	}, "查看详情"},
	{notify.Message{
		ID: "s-2", Kind: "sample_submitted", Lang: "en",
		Title: "Sample submitted for PO-2026-119",
		Body:  "Pre-production sample, size M.\nPlease review by Friday.",
		URL:   "https://gendan.example/samples/7",
	}, "Open"},
}

func poster() *Poster { return &Poster{Client: &http.Client{Timeout: 5 * time.Second}} }

func TestSendWeCom(t *testing.T) {
	s := newSink(t, WeCom, "")
	for _, c := range messages {
		t.Run(c.msg.Lang, func(t *testing.T) {
			if err := poster().Send(context.Background(), s.robot(), c.msg); err != nil {
				t.Fatal(err)
			}
			d := decode[wecomDoc](t, s.last().Body)
			if d.MsgType != "markdown" {
				t.Errorf("msgtype = %q", d.MsgType)
			}
			want := "**" + c.msg.Title + "**\n" + c.msg.Body + "\n[" + c.link + "](" + c.msg.URL + ")"
			if d.Markdown.Content != want {
				t.Errorf("content =\n%s\nwant\n%s", d.Markdown.Content, want)
			}
		})
	}
}

func TestSendDingTalkSigned(t *testing.T) {
	s := newSink(t, DingTalk, signSecret)
	for _, c := range messages {
		t.Run(c.msg.Lang, func(t *testing.T) {
			if err := poster().Send(context.Background(), s.robot(), c.msg); err != nil {
				t.Fatal(err)
			}
			got := s.last()
			if got.Query.Get("timestamp") == "" || got.Query.Get("sign") == "" {
				t.Errorf("query %q lacks timestamp and sign", got.RawQuery)
			}
			d := decode[dingtalkDoc](t, got.Body)
			if d.MsgType != "markdown" || d.Markdown.Title != c.msg.Title {
				t.Errorf("msgtype %q, title %q", d.MsgType, d.Markdown.Title)
			}
			lines := strings.Split(c.msg.Body, "\n")
			want := "#### " + c.msg.Title + "\n\n" + lines[0] + "\n\n" + lines[1] + "\n\n[" + c.link + "](" + c.msg.URL + ")"
			if d.Markdown.Text != want {
				t.Errorf("text =\n%s\nwant\n%s", d.Markdown.Text, want)
			}
		})
	}
}

func TestSendDingTalkUnsigned(t *testing.T) {
	s := newSink(t, DingTalk, "")
	if err := poster().Send(context.Background(), s.robot(), messages[0].msg); err != nil {
		t.Fatal(err)
	}
	if q := s.last().Query; q.Has("timestamp") || q.Has("sign") {
		t.Errorf("an unsigned robot got a signed query %v", q)
	}
}

func TestSendFeishuSigned(t *testing.T) {
	s := newSink(t, Feishu, signSecret)
	for _, c := range messages {
		t.Run(c.msg.Lang, func(t *testing.T) {
			if err := poster().Send(context.Background(), s.robot(), c.msg); err != nil {
				t.Fatal(err)
			}
			d := decode[feishuDoc](t, s.last().Body)
			if d.MsgType != "interactive" {
				t.Errorf("msg_type = %q", d.MsgType)
			}
			if d.Timestamp == nil || d.Sign == nil {
				t.Error("a signed robot's body lacks timestamp or sign")
			}
			h := d.Card.Header
			if h.Title.Tag != "plain_text" || h.Title.Content != c.msg.Title {
				t.Errorf("header title = %+v", h.Title)
			}
			if h.Template != "red" && c.msg.Kind == "inspection_failed" {
				t.Errorf("a failed inspection has a %q header", h.Template)
			}
			if md := d.markdown(); md != c.msg.Body {
				t.Errorf("markdown = %q, want %q", md, c.msg.Body)
			}
			var buttons int
			for _, e := range d.Card.Elements {
				for _, a := range e.Actions {
					buttons++
					if e.Tag != "action" || a.Tag != "button" || a.URL != c.msg.URL ||
						a.Text.Tag != "plain_text" || a.Text.Content != c.link {
						t.Errorf("button = %+v in %q", a, e.Tag)
					}
				}
			}
			if buttons != 1 {
				t.Errorf("%d buttons, want 1", buttons)
			}
		})
	}
}

func TestSendFeishuUnsignedAndLark(t *testing.T) {
	s := newSink(t, Feishu, "")
	if err := poster().Send(context.Background(), s.robot(), messages[1].msg); err != nil {
		t.Fatal(err)
	}
	if d := decode[feishuDoc](t, s.last().Body); d.Timestamp != nil || d.Sign != nil {
		t.Error("an unsigned robot's body has timestamp or sign")
	}
	lark := Robot{Platform: Feishu, Webhook: "https://open.larksuite.com/open-apis/bot/v2/hook/" + feishuToken}
	if _, _, err := Payload(lark, messages[1].msg, time.Now()); err != nil {
		t.Errorf("Lark webhook: %v", err)
	}
}

func isPermanent(err error) bool {
	var p *notify.Permanent
	return errors.As(err, &p)
}

// leaks fails the test if err says anything it must not.
func leaks(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, secret := range []string{wecomKey, dingtalkToken, feishuToken, signSecret} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q shows a secret", err)
		}
	}
}

func TestSignatureRejected(t *testing.T) {
	for _, platform := range []string{DingTalk, Feishu} {
		s := newSink(t, platform, signSecret)
		cases := []struct {
			name   string
			poster *Poster
			robot  Robot
		}{
			{"stale timestamp", &Poster{Now: func() time.Time { return time.Now().Add(-61 * time.Minute) }}, s.robot()},
			{"future timestamp", &Poster{Now: func() time.Time { return time.Now().Add(61 * time.Minute) }}, s.robot()},
			{"wrong secret", poster(), Robot{Platform: platform, Webhook: s.robot().Webhook, Secret: "SEC-other"}},
			{"no secret", poster(), Robot{Platform: platform, Webhook: s.robot().Webhook}},
		}
		for _, c := range cases {
			t.Run(platform+"/"+c.name, func(t *testing.T) {
				err := c.poster.Send(context.Background(), c.robot, messages[0].msg)
				if !isPermanent(err) {
					t.Fatalf("err = %v, want Permanent", err)
				}
				var re *ResponseError
				if !errors.As(err, &re) || re.Code == 0 {
					t.Errorf("err = %v, want the platform's code", err)
				}
				leaks(t, err)
			})
		}
		t.Run(platform+"/59 minutes old", func(t *testing.T) {
			p := &Poster{Now: func() time.Time { return time.Now().Add(-59 * time.Minute) }}
			if err := p.Send(context.Background(), s.robot(), messages[0].msg); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// fixed answers every post with one status and body.
func fixed(t *testing.T, status int, body string) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func hookAt(base, platform string) string {
	switch platform {
	case WeCom:
		return base + "/cgi-bin/webhook/send?key=" + wecomKey
	case DingTalk:
		return base + "/robot/send?access_token=" + dingtalkToken
	}
	return base + "/open-apis/bot/v2/hook/" + feishuToken
}

func TestAnswers(t *testing.T) {
	const ok, temporary, permanent = "ok", "temporary", "permanent"
	cases := []struct {
		platform string
		status   int
		body     string
		want     string
	}{
		{WeCom, 200, `{"errcode":0,"errmsg":"ok"}`, ok},
		{WeCom, 200, `{"errcode":45009,"errmsg":"api freq out of limit"}`, temporary},
		{WeCom, 200, `{"errcode":-1,"errmsg":"system busy"}`, temporary},
		{WeCom, 200, `{"errcode":93000,"errmsg":"invalid webhook url"}`, permanent},
		{WeCom, 200, `{"errcode":40058,"errmsg":"markdown.content exceed max length"}`, permanent},
		{DingTalk, 200, `{"errcode":0,"errmsg":"ok"}`, ok},
		{DingTalk, 200, `{"errcode":130101,"errmsg":"send too fast"}`, temporary},
		{DingTalk, 200, `{"errcode":410100,"errmsg":"flow control"}`, temporary},
		{DingTalk, 200, `{"errcode":310000,"errmsg":"keywords not in content"}`, permanent},
		{DingTalk, 200, `{"errcode":300001,"errmsg":"token is not exist"}`, permanent},
		{Feishu, 200, `{"code":0,"msg":"success","data":{}}`, ok},
		{Feishu, 200, `{"StatusCode":0,"StatusMessage":"success"}`, ok},
		{Feishu, 200, `{"code":9499,"msg":"too many requests"}`, temporary},
		{Feishu, 200, `{"code":11232,"msg":"frequency limited"}`, temporary},
		{Feishu, 200, `{"code":19021,"msg":"sign match fail"}`, permanent},
		{Feishu, 200, `{"code":19024,"msg":"Key Words Not Found"}`, permanent},
		{Feishu, 400, `{"code":11232,"msg":"frequency limited"}`, temporary},
		{Feishu, 400, `{"code":19002,"msg":"params error"}`, permanent},
		// A code of the other platform is not read.
		{Feishu, 200, `{"errcode":0}`, temporary},
		{WeCom, 200, `{"code":0}`, temporary},
		{WeCom, 200, `<html>captive portal</html>`, temporary},
		{DingTalk, 429, ``, temporary},
		{DingTalk, 500, `oops`, temporary},
		{Feishu, 502, ``, temporary},
		{WeCom, 503, `{"errcode":-1}`, temporary},
		{WeCom, 400, ``, permanent},
		{DingTalk, 403, `{"errcode":0}`, permanent},
		{Feishu, 404, `not found`, permanent},
		{WeCom, 302, ``, permanent},
	}
	for _, c := range cases {
		t.Run(c.platform+"/"+strconv.Itoa(c.status)+"/"+c.body, func(t *testing.T) {
			r := Robot{Platform: c.platform, Webhook: hookAt(fixed(t, c.status, c.body), c.platform), Secret: signSecret}
			err := (&Poster{}).Send(context.Background(), r, messages[0].msg)
			got := ok
			switch {
			case isPermanent(err):
				got = permanent
			case err != nil:
				got = temporary
			}
			if got != c.want {
				t.Errorf("%s (%v), want %s", got, err, c.want)
			}
			leaks(t, err)
		})
	}
}

func TestEchoedSecretsAreScrubbed(t *testing.T) {
	body := `{"errcode":310000,"errmsg":"sign for secret ` + signSecret + ` and token ` + dingtalkToken + ` not match"}`
	r := Robot{Platform: DingTalk, Webhook: hookAt(fixed(t, 200, body), DingTalk), Secret: signSecret}
	err := poster().Send(context.Background(), r, messages[0].msg)
	if !isPermanent(err) || !strings.Contains(err.Error(), "not match") {
		t.Fatalf("err = %v", err)
	}
	leaks(t, err)
}

func TestHangingSinkTimesOut(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs first: lets srv.Close finish

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := (&Poster{}).Send(ctx, Robot{Platform: WeCom, Webhook: hookAt(srv.URL, WeCom)}, messages[0].msg)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Send took %v with a 200ms deadline", took)
	}
	if err == nil || isPermanent(err) {
		t.Fatalf("err = %v, want temporary", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want it to wrap the deadline", err)
	}
	leaks(t, err)
}

func TestClosedPortIsTemporary(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	for _, platform := range []string{WeCom, DingTalk, Feishu} {
		err := poster().Send(context.Background(), Robot{Platform: platform, Webhook: hookAt(base, platform), Secret: signSecret}, messages[1].msg)
		if err == nil || isPermanent(err) {
			t.Errorf("%s: err = %v, want temporary", platform, err)
		}
		leaks(t, err)
	}
}

func TestValidWebhook(t *testing.T) {
	accept := []struct{ platform, hook string }{
		{WeCom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7f9c-4bc4-97a0-0ec1eefa5898"},
		{WeCom, "https://QYAPI.weixin.qq.com:443/cgi-bin/webhook/send?key=693a91f6"},
		{DingTalk, "https://oapi.dingtalk.com/robot/send?access_token=6f5a0e3b9c"},
		{Feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/2b1e6c4e-0a1f-4d3b-9c55-7e7d0d1c9f11"},
		{Feishu, "https://open.larksuite.com/open-apis/bot/v2/hook/2b1e6c4e"},
	}
	for _, c := range accept {
		if err := validWebhook(c.platform, c.hook, false); err != nil {
			t.Errorf("%s %s: %v", c.platform, c.hook, err)
		}
	}
	refuse := []struct{ platform, hook string }{
		{WeCom, "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY"},
		{DingTalk, "http://oapi.dingtalk.com/robot/send?access_token=SECRETKEY"},
		{Feishu, "http://open.feishu.cn/open-apis/bot/v2/hook/SECRETKEY"},
		{Feishu, "https://open.feishu.cn.evil.example/open-apis/bot/v2/hook/SECRETKEY"},
		{Feishu, "https://evil.example/open-apis/bot/v2/hook/SECRETKEY"},
		{Feishu, "https://open.feishu.cn@evil.example/open-apis/bot/v2/hook/SECRETKEY"},
		{Feishu, "https://evil.example/open-apis/bot/v2/hook/SECRETKEY?h=open.feishu.cn"},
		{Feishu, "https://xopen.feishu.cn/open-apis/bot/v2/hook/SECRETKEY"},
		{Feishu, "https://open.feishu.cn./open-apis/bot/v2/hook/SECRETKEY"},
		{Feishu, "https://open.feishu.cn:8443/open-apis/bot/v2/hook/SECRETKEY"},
		{Feishu, "https://user:SECRETKEY@open.feishu.cn/open-apis/bot/v2/hook/x"},
		{DingTalk, "https://oapi.dingtalk.com.evil.example/robot/send?access_token=SECRETKEY"},
		{WeCom, "https://qyapi.weixin.qq.com.cn/cgi-bin/webhook/send?key=SECRETKEY"},
		{DingTalk, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY"}, // another platform's host
		{Feishu, "https://oapi.dingtalk.com/robot/send?access_token=SECRETKEY"},
		{WeCom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"},                // no key
		{WeCom, "https://qyapi.weixin.qq.com/cgi-bin/message/send?key=SECRETKEY"},  // not the robot path
		{DingTalk, "https://oapi.dingtalk.com/robot/send?token=SECRETKEY"},         // no access_token
		{Feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/"},                  // no token
		{Feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/SECRETKEY/extra"},   // extra segment
		{Feishu, "https://open.feishu.cn/open-apis/im/v1/messages?hook=SECRETKEY"}, // not a hook
		{WeCom, "http://127.0.0.1:8080/cgi-bin/webhook/send?key=SECRETKEY"},        // loopback outside tests
		{"slack", "https://hooks.example/services/SECRETKEY"},
		{WeCom, "qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY"},
		{WeCom, "https:qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY"},
		{WeCom, ""},
	}
	for _, c := range refuse {
		err := validWebhook(c.platform, c.hook, false)
		if err == nil {
			t.Errorf("%s %s: accepted", c.platform, c.hook)
			continue
		}
		if strings.Contains(err.Error(), "SECRETKEY") {
			t.Errorf("error %q repeats the webhook", err)
		}
	}
	if err := validWebhook(WeCom, "http://127.0.0.1:8080/cgi-bin/webhook/send?key=k", true); err != nil {
		t.Errorf("loopback with the test hook: %v", err)
	}
	if err := validWebhook(WeCom, "http://127.0.0.1:8080/robot/send?access_token=k", true); err == nil {
		t.Error("the test hook skips the path check")
	}
}

func TestInvalidRobotIsPermanent(t *testing.T) {
	r := Robot{Platform: Feishu, Webhook: "https://open.feishu.cn.evil.example/open-apis/bot/v2/hook/" + feishuToken}
	err := poster().Send(context.Background(), r, messages[0].msg)
	if !isPermanent(err) {
		t.Fatalf("err = %v, want Permanent", err)
	}
	leaks(t, err)
}

func TestBadLink(t *testing.T) {
	r := Robot{Platform: WeCom, Webhook: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + wecomKey}
	for _, link := range []string{"", "/orders/12", "javascript:alert(1)", "ftp://gendan.example/x", "https://" + strings.Repeat("a", 3000)} {
		m := messages[0].msg
		m.URL = link
		if _, _, err := Payload(r, m, time.Now()); err == nil {
			t.Errorf("link %.40q accepted", link)
		}
		if err := poster().Send(context.Background(), r, m); !isPermanent(err) {
			t.Errorf("link %.40q: err = %v, want Permanent", link, err)
		}
	}
	m := messages[0].msg
	m.URL = "https://gendan.example/orders/12?note=a)b(c d"
	_, body, err := Payload(r, m, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	content := decode[wecomDoc](t, body).Markdown.Content
	if !strings.HasSuffix(content, "(https://gendan.example/orders/12?note=a%29b%28c%20d)") {
		t.Errorf("content ends %q", content[strings.LastIndex(content, "("):])
	}
}

// rendered is the markdown a platform will render for m.
func rendered(t *testing.T, platform string, m notify.Message) string {
	t.Helper()
	r := newSinklessRobot(platform)
	_, body, err := Payload(r, m, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	switch platform {
	case WeCom:
		return decode[wecomDoc](t, body).Markdown.Content
	case DingTalk:
		return decode[dingtalkDoc](t, body).Markdown.Text
	}
	return decode[feishuDoc](t, body).markdown()
}

func newSinklessRobot(platform string) Robot {
	hosts := map[string]string{WeCom: "https://qyapi.weixin.qq.com", DingTalk: "https://oapi.dingtalk.com", Feishu: "https://open.feishu.cn"}
	return Robot{Platform: platform, Webhook: hookAt(hosts[platform], platform), Secret: signSecret}
}

func TestUserTextCannotForgeMarkup(t *testing.T) {
	m := notify.Message{
		ID: "s-3", Kind: "comment_added", Lang: "en",
		Title: `**bold** [x](https://evil.example) <font color="warning">hi</font> <@all>`,
		Body:  "# Heading\n> quote\n<at id=all></at> [click](https://evil.example)\n`code` ~~strike~~ *em*\n\tindented four\nPO_2026_01 R&D",
		URL:   "https://gendan.example/orders/5",
	}
	for _, platform := range []string{WeCom, DingTalk, Feishu} {
		t.Run(platform, func(t *testing.T) {
			md := rendered(t, platform, m)
			links := 0
			if platform != Feishu { // Feishu's link is the button
				links = 1
			}
			if n := strings.Count(md, "]("); n != links {
				t.Errorf("%d links in %q, want %d", n, md, links)
			}
			for _, bad := range []string{"<", ">", "`", "~", "[x]", "[click]"} {
				if strings.Contains(md, bad) {
					t.Errorf("%q survives in %q", bad, md)
				}
			}
			stars := 0
			if platform == WeCom {
				stars = 4 // our own **title**
			}
			if n := strings.Count(md, "*"); n != stars {
				t.Errorf("%d asterisks in %q, want %d", n, md, stars)
			}
			for i, line := range strings.Split(md, "\n") {
				if platform == DingTalk && i == 0 && strings.HasPrefix(line, "#### ＊＊bold") {
					continue // our own heading for the title
				}
				if strings.HasPrefix(line, "#") {
					t.Errorf("line %q is a heading", line)
				}
				if strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t") {
					t.Errorf("line %q is indented", line)
				}
			}
			if !strings.Contains(md, "PO_2026_01") {
				t.Errorf("the order number is mangled in %q", md)
			}
			if platform == Feishu && strings.Contains(md, "&") {
				t.Errorf("an entity could be formed in %q", md)
			}
		})
	}
}

func TestTruncationKeepsUTF8(t *testing.T) {
	for _, platform := range []string{WeCom, DingTalk, Feishu} {
		for pad := 0; pad < 4; pad++ {
			m := notify.Message{
				ID: "s-4", Kind: "risk_worse", Lang: "zh-CN",
				Title: strings.Repeat("标题", 200),
				Body:  strings.Repeat("a", pad) + strings.Repeat("质量问题，", 1000) + "\n最后一行",
				URL:   "https://gendan.example/orders/" + strings.Repeat("9", pad),
			}
			_, body, err := Payload(newSinklessRobot(platform), m, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			md := rendered(t, platform, m)
			if !utf8.ValidString(md) || !utf8.Valid(body) {
				t.Errorf("%s pad %d: invalid UTF-8", platform, pad)
			}
			if len(md) > 4096 {
				t.Errorf("%s pad %d: %d bytes of markdown", platform, pad, len(md))
			}
			if !strings.Contains(md, "…") || strings.Contains(md, "最后一行") {
				t.Errorf("%s pad %d: the body was not cut", platform, pad)
			}
			if platform != Feishu && !strings.HasSuffix(md, "[查看详情]("+m.URL+")") {
				t.Errorf("%s pad %d: the link was cut: %q", platform, pad, md[len(md)-60:])
			}
			if platform == WeCom && !strings.HasPrefix(md, "**") {
				t.Errorf("the title lost its bold")
			}
		}
	}
	if got := truncate("质量", 5); got != "…" {
		t.Errorf("truncate(质量, 5) = %q", got)
	}
	if got := truncate("a质量x", 7); got != "a质…" {
		t.Errorf("truncate(a质量x, 7) = %q", got)
	}
	if got := truncate("short", 5); got != "short" {
		t.Errorf("truncate(short, 5) = %q", got)
	}
}

func TestInvalidUTF8IsRepaired(t *testing.T) {
	m := messages[1].msg
	m.Title = "bad \xff\xfe title"
	m.Body = "nul\x00 and bell\a"
	for _, platform := range []string{WeCom, DingTalk, Feishu} {
		_, body, err := Payload(newSinklessRobot(platform), m, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(body) || strings.Contains(string(body), `\u0000`) || strings.Contains(string(body), `\u0007`) {
			t.Errorf("%s: %s", platform, body)
		}
	}
}

func TestRobotPrintsRedacted(t *testing.T) {
	for _, platform := range []string{WeCom, DingTalk, Feishu} {
		r := newSinklessRobot(platform)
		for _, s := range []string{r.String(), r.GoString(), r.LogValue().String()} {
			for _, secret := range []string{wecomKey, dingtalkToken, feishuToken, signSecret} {
				if strings.Contains(s, secret) {
					t.Errorf("%q shows a secret", s)
				}
			}
		}
	}
	got := redactURL("https://oapi.dingtalk.com/robot/send?access_token=" + dingtalkToken + "&timestamp=1&sign=abc%2Bdef")
	if want := "https://oapi.dingtalk.com/robot/send?access_token=dt-8***&timestamp=1&sign=abc%***"; got != want {
		t.Errorf("redactURL = %q, want %q", got, want)
	}
}

func TestZeroAndNilPoster(t *testing.T) {
	s := newSink(t, WeCom, "")
	var nilPoster *Poster
	for _, p := range []*Poster{{}, nilPoster} {
		if err := p.Send(context.Background(), s.robot(), messages[1].msg); err != nil {
			t.Fatal(err)
		}
	}
}
