package email

import (
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
)

// sink is a small SMTP server for the tests: enough of RFC 5321 for
// net/smtp (EHLO/HELO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP,
// QUIT), with replies that can be made to fail.
type sink struct {
	ln  net.Listener
	cfg sinkConfig

	wg    sync.WaitGroup
	mu    sync.Mutex
	conns []net.Conn
	mails []received
	auths []string // "user\x00password" as decoded from AUTH PLAIN
	seen  int      // connections accepted
}

type sinkConfig struct {
	mailCode int         // reply to MAIL FROM, 0: 250
	rcptCode int         // reply to RCPT TO, 0: 250
	silent   bool        // accept connections and never say a word
	tls      *tls.Config // offer STARTTLS with this
	auth     bool        // offer AUTH PLAIN
	user     string      // expected credentials when auth
	password string
}

type received struct {
	from  string
	rcpts []string
	data  []byte
	tls   bool // the message came over an upgraded connection
}

func newSink(t *testing.T, cfg sinkConfig) *sink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &sink{ln: ln, cfg: cfg}
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

func (s *sink) port() int { return s.ln.Addr().(*net.TCPAddr).Port }

func (s *sink) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.mails...)
}

func (s *sink) credentials() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.auths...)
}

func (s *sink) connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen
}

func (s *sink) serve() {
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

func (s *sink) handle(c net.Conn) {
	if s.cfg.silent {
		io.Copy(io.Discard, c) // until the client gives up
		return
	}
	tc := textproto.NewConn(c)
	reply := func(format string, a ...any) bool { return tc.PrintfLine(format, a...) == nil }
	if !reply("220 sink.test ESMTP ready") {
		return
	}
	var cur received
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
			if s.cfg.tls != nil && !upgraded {
				ext = append(ext, "STARTTLS")
			}
			if s.cfg.auth {
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
			cur = received{}
		case "HELO":
			reply("250 sink.test")
			cur = received{}
		case "STARTTLS":
			if s.cfg.tls == nil || upgraded {
				reply("502 5.5.1 not offered")
				continue
			}
			reply("220 2.0.0 go ahead")
			tlsConn := tls.Server(c, s.cfg.tls)
			if err := tlsConn.Handshake(); err != nil {
				return
			}
			tc = textproto.NewConn(tlsConn)
			upgraded = true
			cur = received{}
		case "AUTH":
			mech, initial, _ := strings.Cut(arg, " ")
			if !s.cfg.auth || !strings.EqualFold(mech, "PLAIN") {
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
			if parts[1] != s.cfg.user || parts[2] != s.cfg.password {
				reply("535 5.7.8 authentication failed")
				continue
			}
			reply("235 2.7.0 ok")
		case "MAIL":
			if s.cfg.mailCode != 0 {
				reply("%d 4.3.0 try again later", s.cfg.mailCode)
				continue
			}
			cur = received{from: pathOf(arg), tls: upgraded}
			reply("250 2.1.0 ok")
		case "RCPT":
			if s.cfg.rcptCode != 0 {
				reply("%d 5.1.1 no such user", s.cfg.rcptCode)
				continue
			}
			cur.rcpts = append(cur.rcpts, pathOf(arg))
			reply("250 2.1.5 ok")
		case "DATA":
			if len(cur.rcpts) == 0 {
				reply("503 5.5.1 no recipients")
				continue
			}
			reply("354 end with <CRLF>.<CRLF>")
			data, err := tc.ReadDotBytes()
			if err != nil {
				return
			}
			cur.data = data
			s.mu.Lock()
			s.mails = append(s.mails, cur)
			s.mu.Unlock()
			cur = received{}
			reply("250 2.0.0 queued")
		case "RSET":
			cur = received{}
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
