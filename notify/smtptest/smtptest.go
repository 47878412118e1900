// Package smtptest is a small SMTP server for tests of what sends e-mail
// (notify/email, the dispatcher, the several-node harness): enough of
// RFC 5321 for a client (EHLO/HELO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA,
// RSET, NOOP, QUIT), with replies that can be made to fail.
package smtptest

import (
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Sink is the server; New starts one on 127.0.0.1.
type Sink struct {
	ln  net.Listener
	cfg Config

	wg    sync.WaitGroup
	mu    sync.Mutex
	conns []net.Conn
	mails []Mail
	fails int      // DATA answers failed so far (Config.FailFirst)
	auths []string // "user\x00password" as decoded from AUTH PLAIN
	seen  int      // connections accepted
}

// Config shapes a Sink's answers.
type Config struct {
	MailCode int         // reply to MAIL FROM, 0: 250
	RcptCode int         // reply to RCPT TO, 0: 250
	Silent   bool        // accept connections and never say a word
	TLS      *tls.Config // offer STARTTLS with this
	Auth     bool        // offer AUTH PLAIN
	User     string      // expected credentials when Auth
	Password string
	// FailFirst answers the first FailFirst messages' DATA with a 451
	// (nothing is kept), then accepts.
	FailFirst int
	// Delay is a pause before each DATA answer (a slow relay).
	Delay time.Duration
}

// Mail is one message the Sink accepted.
type Mail struct {
	From  string
	Rcpts []string
	Data  []byte
	TLS   bool // the message came over an upgraded connection
}

// New starts a Sink, stopped when the test ends.
func New(t testing.TB, cfg Config) *Sink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Sink{ln: ln, cfg: cfg}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(func() {
		ln.Close()
		s.mu.Lock()
		for _, c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
	})
	return s
}

// Port is the port it listens on.
func (s *Sink) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// Received is every message accepted so far.
func (s *Sink) Received() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mails...)
}

// MessageIDs counts the accepted messages per Message-ID header: a test
// of exactly-once delivery wants each 1. A message that does not parse
// counts under "".
func (s *Sink) MessageIDs() map[string]int {
	out := map[string]int{}
	for _, m := range s.Received() {
		id := ""
		if msg, err := mail.ReadMessage(bytes.NewReader(m.Data)); err == nil {
			id = msg.Header.Get("Message-ID")
		}
		out[id]++
	}
	return out
}

// Credentials are the AUTH PLAIN logins seen, "user\x00password".
func (s *Sink) Credentials() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.auths...)
}

// Connections counts the connections accepted.
func (s *Sink) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen
}

func (s *Sink) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns = append(s.conns, c)
		s.seen++
		s.mu.Unlock()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer c.Close()
			s.handle(c)
		}()
	}
}

func (s *Sink) handle(c net.Conn) {
	if s.cfg.Silent {
		io.Copy(io.Discard, c) // until the client gives up
		return
	}
	tc := textproto.NewConn(c)
	reply := func(format string, a ...any) bool { return tc.PrintfLine(format, a...) == nil }
	if !reply("220 sink.test ESMTP ready") {
		return
	}
	var cur Mail
	upgraded := false
	for {
		line, err := tc.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			ext := []string{"sink.test greets " + arg, "8BITMIME"}
			if s.cfg.TLS != nil && !upgraded {
				ext = append(ext, "STARTTLS")
			}
			if s.cfg.Auth {
				ext = append(ext, "AUTH PLAIN")
			}
			for i, e := range ext {
				sep := "-"
				if i == len(ext)-1 {
					sep = " "
				}
				if !reply("250%s%s", sep, e) {
					return
				}
			}
			cur = Mail{}
		case "HELO":
			reply("250 sink.test")
			cur = Mail{}
		case "STARTTLS":
			if s.cfg.TLS == nil || upgraded {
				reply("502 5.5.1 not offered")
				continue
			}
			reply("220 2.0.0 go ahead")
			tlsConn := tls.Server(c, s.cfg.TLS)
			if err := tlsConn.Handshake(); err != nil {
				return
			}
			tc = textproto.NewConn(tlsConn)
			upgraded = true
			cur = Mail{}
		case "AUTH":
			mech, initial, _ := strings.Cut(arg, " ")
			if !s.cfg.Auth || !strings.EqualFold(mech, "PLAIN") {
				reply("504 5.5.4 unrecognised mechanism")
				continue
			}
			if initial == "" {
				reply("334 ")
				if initial, err = tc.ReadLine(); err != nil {
					return
				}
			}
			raw, err := base64.StdEncoding.DecodeString(initial)
			if err != nil {
				reply("501 5.5.2 bad base64")
				continue
			}
			// authzid \0 authcid \0 password
			parts := strings.SplitN(string(raw), "\x00", 3)
			if len(parts) != 3 {
				reply("501 5.5.2 bad PLAIN")
				continue
			}
			s.mu.Lock()
			s.auths = append(s.auths, parts[1]+"\x00"+parts[2])
			s.mu.Unlock()
			if parts[1] != s.cfg.User || parts[2] != s.cfg.Password {
				reply("535 5.7.8 authentication failed")
				continue
			}
			reply("235 2.7.0 ok")
		case "MAIL":
			if s.cfg.MailCode != 0 {
				reply("%d 4.3.0 try again later", s.cfg.MailCode)
				continue
			}
			cur = Mail{From: pathOf(arg), TLS: upgraded}
			reply("250 2.1.0 ok")
		case "RCPT":
			if s.cfg.RcptCode != 0 {
				reply("%d 5.1.1 no such user", s.cfg.RcptCode)
				continue
			}
			cur.Rcpts = append(cur.Rcpts, pathOf(arg))
			reply("250 2.1.5 ok")
		case "DATA":
			if len(cur.Rcpts) == 0 {
				reply("503 5.5.1 no recipients")
				continue
			}
			reply("354 end with <CRLF>.<CRLF>")
			data, err := tc.ReadDotBytes()
			if err != nil {
				return
			}
			time.Sleep(s.cfg.Delay)
			s.mu.Lock()
			if s.fails < s.cfg.FailFirst {
				s.fails++
				s.mu.Unlock()
				reply("451 4.3.0 try again later")
				cur = Mail{}
				continue
			}
			cur.Data = data
			s.mails = append(s.mails, cur)
			s.mu.Unlock()
			cur = Mail{}
			reply("250 2.0.0 queued")
		case "RSET":
			cur = Mail{}
			reply("250 2.0.0 ok")
		case "NOOP":
			reply("250 2.0.0 ok")
		case "QUIT":
			reply("221 2.0.0 bye")
			return
		default:
			reply("502 5.5.2 %s not implemented", fmt.Sprint(verb))
		}
	}
}

// pathOf takes the address out of "FROM:<a@b> BODY=8BITMIME".
func pathOf(arg string) string {
	_, rest, _ := strings.Cut(arg, ":")
	rest, _, _ = strings.Cut(strings.TrimSpace(rest), " ")
	return strings.Trim(rest, "<>")
}
