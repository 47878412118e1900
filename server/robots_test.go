package server

import (
	"fmt"
	"strings"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

const robotKey = "a1b2c3d4-secret-robot-key-0042"

func robotBody() map[string]any {
	return map[string]any{"name": "锦绫跟单群", "platform": "wecom", "language": "zh-CN",
		"webhook": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + robotKey}
}

func init() {
	authzMatrix = append(authzMatrix,
		authzRow{method: "GET", path: "/api/v1/robots", url: fixed("/api/v1/robots"), want: signedInAll(200)},
		authzRow{method: "POST", path: "/api/v1/robots", url: fixed("/api/v1/robots"), body: func(int64) any { return robotBody() },
			want: signedInAll(201)},
		// A factory user removes its own supplier's robot; another supplier's is 404.
		authzRow{method: "DELETE", path: "/api/v1/robots/:id", url: func(e *env) string {
			sid := e.suppliers["jinling"].ID
			r, err := e.store.CreateRobot(e.t.Context(), models.RobotInput{SupplierID: &sid, Name: "群", Platform: "wecom",
				Webhook: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", Language: "zh-CN"}, e.users["admin"].ID)
			if err != nil {
				e.t.Fatal(err)
			}
			return fmt.Sprintf("/api/v1/robots/%d", r.ID)
		}, want: ownOrForeign(200)},
	)
}

func TestChatRobots(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		// A factory's robot is its own supplier's, whatever it asks for.
		body := robotBody()
		body["supplier_id"] = e.suppliers["huaxing"].ID
		body["secret"] = "SEC-signing-secret-77"
		body["events"] = []string{"sample_decided", "comment_added"}
		r := e.as("factory", "POST", "/api/v1/robots", body)
		if r.status != 201 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		m := r.json(t)
		if num(m["supplier"].(map[string]any), "id") != e.suppliers["jinling"].ID || m["has_secret"] != true ||
			fmt.Sprint(m["events"]) != "[sample_decided comment_added]" || !strings.HasPrefix(m["webhook_hint"].(string), "qyapi.weixin.qq.com/") {
			t.Fatalf("robot: %s", r.body)
		}
		// Neither the webhook's key nor the secret ever comes back, nor is it stored in the clear.
		for _, resp := range []*response{r, e.as("factory", "GET", "/api/v1/robots", nil), e.as("admin", "GET", "/api/v1/robots", nil)} {
			if strings.Contains(string(resp.body), robotKey) || strings.Contains(string(resp.body), "SEC-signing") {
				t.Errorf("a response shows a secret: %s", resp.body)
			}
		}
		var rows []map[string]any
		e.store.Gorm().Table("chat_robots").Find(&rows)
		for _, row := range rows {
			for col, v := range row {
				if s := fmt.Sprint(v); strings.Contains(s, robotKey) || strings.Contains(s, "SEC-signing") {
					t.Errorf("chat_robots.%s holds a secret in the clear", col)
				}
			}
		}
		addr, err := e.store.RobotAddressOf(t.Context(), fmt.Sprint(num(m, "id")))
		if err != nil || !strings.HasSuffix(addr.Webhook, robotKey) || addr.Secret != "SEC-signing-secret-77" {
			t.Fatalf("decrypted: %+v, %v", addr, err)
		}
		// Another factory sees none of it and cannot remove it.
		if items := e.as("foreign", "GET", "/api/v1/robots", nil).json(t)["items"].([]any); len(items) != 0 {
			t.Errorf("foreign sees %v", items)
		}
		if r := e.as("foreign", "DELETE", fmt.Sprintf("/api/v1/robots/%d", num(m, "id")), nil); r.status != 404 {
			t.Errorf("foreign delete: %d", r.status)
		}
		// Staff register the team's robot (no supplier).
		team := robotBody()
		team["platform"], team["webhook"], team["language"] = "feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/abc-123", "en"
		if r := e.as("merch", "POST", "/api/v1/robots", team); r.status != 201 || r.json(t)["supplier"] != nil {
			t.Errorf("team robot: %d %s", r.status, r.body)
		}
		// Only the platforms' own addresses, known kinds.
		bad := robotBody()
		bad["webhook"], bad["events"] = "https://qyapi.weixin.qq.com.evil.example/cgi-bin/webhook/send?key=x", []string{"prices"}
		r = e.as("factory", "POST", "/api/v1/robots", bad)
		if r.status != 422 || r.fieldCode(t, "webhook") != "invalid_robot_webhook" {
			t.Errorf("lookalike host: %d %s", r.status, r.body)
		}
		bad["webhook"] = robotBody()["webhook"]
		if r := e.as("factory", "POST", "/api/v1/robots", bad); r.fieldCode(t, "events") != "one_of" {
			t.Errorf("unknown event: %d %s", r.status, r.body)
		}
	})
}
