package models

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// DemoPassword is the password of every demo account.
const DemoPassword = "gendan-demo-2026"

// DemoLogin is one printed demo account.
type DemoLogin struct {
	Role     Role
	Name     string
	Login    string
	Supplier string
}

type demoUser struct {
	name, email, phone, supplier string
	role                         Role
	locale                       string
}

var demoSuppliers = []Supplier{
	{Code: "HZ-JL", Name: "杭州锦绫服饰有限公司", NameEn: "Hangzhou Jinling Apparel Co., Ltd.",
		ContactName: "陈建华", ContactPhone: "+86 571 8765 4321", ContactEmail: "sales@jinling-apparel.example", Address: "浙江省杭州市萧山区经济技术开发区建设四路 88 号"},
	{Code: "DG-HX", Name: "东莞华兴针织厂", NameEn: "Dongguan Huaxing Knitting Factory",
		ContactName: "林晓燕", ContactPhone: "+86 769 2233 8899", ContactEmail: "merch@huaxing-knit.example", Address: "广东省东莞市虎门镇龙眼工业区 12 号"},
	{Code: "NT-MY", Name: "南通明扬家纺有限公司", NameEn: "Nantong Mingyang Home Textiles Co., Ltd.",
		ContactName: "周立强", ContactPhone: "+86 513 8600 1234", ContactEmail: "export@mingyang-textile.example", Address: "江苏省南通市通州区川姜镇家纺城路 6 号"},
}

var demoUsers = []demoUser{
	{name: "Admin 管理员", email: "admin@gendan.demo", role: RoleAdmin, locale: LocaleEN},
	{name: "王丽 Li Wang", email: "li.wang@gendan.demo", phone: "13800000001", role: RoleMerchandiser, locale: LocaleZH},
	{name: "Emma Carter", email: "emma.carter@gendan.demo", phone: "13800000002", role: RoleMerchandiser, locale: LocaleEN},
	{name: "陈建华", email: "chen@jinling.demo", phone: "13900000011", role: RoleFactory, supplier: "HZ-JL", locale: LocaleZH},
	{name: "赵敏", email: "zhao@jinling.demo", phone: "13900000012", role: RoleFactory, supplier: "HZ-JL", locale: LocaleZH},
	{name: "林晓燕", email: "lin@huaxing.demo", phone: "13900000021", role: RoleFactory, supplier: "DG-HX", locale: LocaleZH},
	{name: "黄伟 David Huang", email: "huang@huaxing.demo", phone: "13900000022", role: RoleFactory, supplier: "DG-HX", locale: LocaleEN},
	{name: "周立强", email: "zhou@mingyang.demo", phone: "13900000031", role: RoleFactory, supplier: "NT-MY", locale: LocaleZH},
	{name: "吴芳", email: "wu@mingyang.demo", phone: "13900000032", role: RoleFactory, supplier: "NT-MY", locale: LocaleZH},
}

// SeedDemo creates the demo suppliers and accounts that do not exist yet and
// returns every demo login. Running it twice changes nothing.
func (s *Store) SeedDemo(ctx context.Context) ([]DemoLogin, error) {
	codes := map[string]int64{}
	for _, tpl := range demoSuppliers {
		sp, err := s.GetSupplierByCode(ctx, tpl.Code)
		if errors.Is(err, ErrNotFound) {
			sp = &Supplier{}
			*sp = tpl
			sp.Active = true
			err = s.CreateSupplier(ctx, sp)
		}
		if err != nil {
			return nil, fmt.Errorf("seed supplier %s: %w", tpl.Code, err)
		}
		codes[tpl.Code] = sp.ID
	}
	// Hashing is the slow part of a first start: spread it over the cores,
	// and hash only for accounts that do not exist yet.
	hashes := make([]string, len(demoUsers))
	errs := make([]error, len(demoUsers))
	missing := make([]bool, len(demoUsers))
	for i, du := range demoUsers {
		_, err := s.getUserByLogin(ctx, du.email)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		missing[i] = err != nil
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i := range demoUsers {
		if !missing[i] {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			hashes[i], errs[i] = HashPassword(DemoPassword)
		}()
	}
	wg.Wait()
	logins := make([]DemoLogin, 0, len(demoUsers))
	for i, du := range demoUsers {
		if errs[i] != nil {
			return nil, errs[i]
		}
		var sid *int64
		if du.supplier != "" {
			id := codes[du.supplier]
			sid = &id
		}
		var phone *string
		if du.phone != "" {
			p := du.phone
			phone = &p
		}
		if missing[i] {
			_, err := s.insertUser(ctx, NewUser{Name: du.name, Email: du.email, Role: du.role, SupplierID: sid, Locale: du.locale}, phone, hashes[i])
			if err != nil {
				return nil, fmt.Errorf("seed user %s: %w", du.email, err)
			}
		}
		logins = append(logins, DemoLogin{Role: du.role, Name: du.name, Login: du.email, Supplier: du.supplier})
	}
	return logins, nil
}
