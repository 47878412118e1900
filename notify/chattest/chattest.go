// Package chattest plays a chat platform's robot endpoint (WeCom, DingTalk,
// Feishu) for tests: it checks the robot's token and, with a secret, the
// signature and its timestamp's age the way the platform does, records what
// it accepts and answers in the platform's words. It does not import
// notify/chat, so that package's own tests can use it.
package chattest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The robot tokens a Sink expects in its webhook.
const (
	WeComKey      = "wk-0f3c9a7e-SECRETKEY"
	DingTalkToken = "dt-8b1e44d2SECRETTOKEN"
	FeishuToken   = "fs-5a6c-SECRETHOOK"
)

// Answer is how a Sink answers a post that passes its checks.
type Answer int

const (
	Accept            Answer = iota
	RefusePermanently        // the platform's code for an unknown robot
	RefuseForNow             // the platform's rate-limit code
	Hang                     // no answer until the client gives up
)

// Sink is one robot endpoint on 127.0.0.1 (plain http).
type Sink struct {
	platform, secret string
	srv              *httptest.Server
	release          chan struct{}

	mu       sync.Mutex
	answer   Answer
	got      [][]byte
	requests int
}

// New starts a sink for platform ("wecom", "dingtalk", "feishu"), stopped
// when the test ends. A non-empty secret makes it require signed posts.
func New(t testing.TB, platform, secret string) *Sink {
	s := &Sink{platform: platform, secret: secret, release: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	t.Cleanup(func() { close(s.release) }) // runs first: lets Close return
	return s
}

// URL is the sink's base, http://127.0.0.1:port.
func (s *Sink) URL() string { return s.srv.URL }

// Webhook is the robot address the sink accepts.
func (s *Sink) Webhook() string { return Hook(s.srv.URL, s.platform) }

// Hook is the webhook of platform's robot on base.
func Hook(base, platform string) string {
	switch platform {
	case "wecom":
		return base + "/cgi-bin/webhook/send?key=" + WeComKey
	case "dingtalk":
		return base + "/robot/send?access_token=" + DingTalkToken
	}
	return base + "/open-apis/bot/v2/hook/" + FeishuToken
}

// Answer sets how later posts are answered.
func (s *Sink) Answer(a Answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answer = a
}

// Received is the bodies of the posts accepted so far.
func (s *Sink) Received() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.got...)
}

// Requests counts every request, accepted or not.
func (s *Sink) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// refusal is the platform's answer: code and message.
func (s *Sink) refusal(code int, msg string) map[string]any {
	if s.platform == "feishu" {
		return map[string]any{"code": code, "msg": msg}
	}
	return map[string]any{"errcode": code, "errmsg": msg}
}

func (s *Sink) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.requests++
	answer := s.answer
	s.mu.Unlock()
	if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		reply(w, http.StatusBadRequest, s.refusal(40000, "want a JSON POST"))
		return
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		reply(w, http.StatusOK, s.refusal(40000, "bad json"))
		return
	}
	if code, msg := s.check(r, doc); code != 0 {
		reply(w, http.StatusOK, s.refusal(code, msg))
		return
	}
	switch answer {
	case RefusePermanently:
		code := map[string]int{"wecom": 93000, "dingtalk": 300001, "feishu": 19001}[s.platform]
		reply(w, http.StatusOK, s.refusal(code, "invalid webhook"))
		return
	case RefuseForNow:
		code := map[string]int{"wecom": 45009, "dingtalk": 130101, "feishu": 11232}[s.platform]
		reply(w, http.StatusOK, s.refusal(code, "too many requests"))
		return
	case Hang:
		select {
		case <-r.Context().Done():
		case <-s.release:
		}
		return
	}
	s.mu.Lock()
	s.got = append(s.got, body)
	s.mu.Unlock()
	if s.platform == "feishu" {
		reply(w, http.StatusOK, map[string]any{"code": 0, "msg": "success", "data": map[string]any{}})
		return
	}
	reply(w, http.StatusOK, map[string]any{"errcode": 0, "errmsg": "ok"})
}

// check is the platform's own check of token and signature: 0 when the
// post passes, else the platform's code and message.
func (s *Sink) check(r *http.Request, doc map[string]any) (int, string) {
	q := r.URL.Query()
	switch s.platform {
	case "wecom":
		if q.Get("key") != WeComKey {
			return 93000, "invalid webhook url"
		}
	case "dingtalk":
		if q.Get("access_token") != DingTalkToken {
			return 300001, "token is not exist"
		}
		if s.secret != "" && !DingTalkSigned(s.secret, r.URL) {
			return 310000, "sign not match"
		}
	case "feishu":
		if r.URL.Path != "/open-apis/bot/v2/hook/"+FeishuToken {
			return 19001, "param invalid: incoming webhook access token invalid"
		}
		ts, _ := doc["timestamp"].(string)
		sign, _ := doc["sign"].(string)
		if s.secret != "" && !FeishuSigned(s.secret, ts, sign) {
			return 19021, "sign match fail or timestamp is not within one hour from current time"
		}
	}
	return 0, ""
}

// fresh says whether a signed timestamp is within the platforms' hour.
func fresh(t time.Time) bool {
	d := time.Since(t)
	return d < time.Hour && d > -time.Hour
}

// DingTalkSigned checks a DingTalk robot address's timestamp (ms) and sign:
// base64(HMAC-SHA256(key=secret, msg=timestamp+"\n"+secret)), URL-encoded in
// the query.
func DingTalkSigned(secret string, u *url.URL) bool {
	q := u.Query()
	ts := q.Get("timestamp")
	ms, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || !fresh(time.UnixMilli(ms)) {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "\n" + secret))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	// The sign is URL-encoded in the query (base64 has + / =).
	if !strings.Contains(u.RawQuery, "sign="+url.QueryEscape(want)) {
		return false
	}
	got, err := base64.StdEncoding.DecodeString(q.Get("sign"))
	return err == nil && hmac.Equal(got, mac.Sum(nil))
}

// FeishuSigned checks a Feishu body's timestamp (seconds) and sign: the
// HMAC-SHA256 of nothing with key timestamp+"\n"+secret, in base64.
func FeishuSigned(secret, timestamp, sign string) bool {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil || !fresh(time.Unix(sec, 0)) {
		return false
	}
	mac := hmac.New(sha256.New, []byte(timestamp+"\n"+secret))
	got, err := base64.StdEncoding.DecodeString(sign)
	return err == nil && hmac.Equal(got, mac.Sum(nil))
}
