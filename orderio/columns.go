// Package orderio reads and writes the order spreadsheet. One row is one
// colour/size line; the rows of one PO number make one order. The export
// writes the same columns as the import reads, so an export can be edited
// and imported again under new PO numbers.
//
// It knows the file formats, the columns and how people fill in cells; it
// reaches the database only through Lookup and knows nothing of HTTP.
package orderio

import "strings"

// Columns of the import and the export, in file order.
const (
	colPO = iota
	colCustomer
	colSupplier
	colMerchandiser
	colStyleNo
	colStyleName
	colDescription
	colCategory
	colUnit
	colExFactory
	colShipMode
	colDestination
	colUnitPrice
	colCurrency
	colTolerance
	colColour
	colSize
	colQuantity
	numColumns
)

type column struct {
	key      string   // English header
	zh       string   // Chinese header
	aliases  []string // other accepted headers
	required bool     // must have a value (the header must be present)
	order    bool     // order-level: the same on every row of a PO
	width    float64
	format   string
	formatZH string
}

var columns = [numColumns]column{
	colPO: {key: "po_number", zh: "订单号", aliases: []string{"po", "po_no", "po号"}, required: true, width: 18,
		format:   "Purchase order number, up to 64 letters, digits and . _ / -; must be new. Rows with the same PO number make one order.",
		formatZH: "采购订单号，最多 64 个字母、数字或 . _ / -，不能与已有订单重复。订单号相同的行组成一个订单。"},
	colCustomer: {key: "customer", zh: "客户", aliases: []string{"customer_name", "客户名称"}, required: true, order: true, width: 24,
		format:   "Name of an existing customer (case-insensitive); create new customers first.",
		formatZH: "已有客户的名称（不区分大小写）；新客户请先在“客户”中创建。"},
	colSupplier: {key: "supplier_code", zh: "供应商代码", aliases: []string{"supplier", "factory_code", "工厂代码"}, required: true, order: true, width: 14,
		format:   "Code of an active supplier, e.g. HZ-JL.",
		formatZH: "启用中的供应商代码，如 HZ-JL。"},
	colMerchandiser: {key: "merchandiser_email", zh: "跟单员邮箱", aliases: []string{"merchandiser", "跟单员"}, order: true, width: 26,
		format:   "E-mail of an active merchandiser or admin; blank means you.",
		formatZH: "启用中的跟单员或管理员的邮箱；留空则为导入人。"},
	colStyleNo: {key: "style_no", zh: "款号", aliases: []string{"style", "style_number"}, required: true, order: true, width: 14,
		format: "Style number, up to 64 characters.", formatZH: "款号，最多 64 个字符。"},
	colStyleName: {key: "style_name", zh: "款名", order: true, width: 22,
		format: "Style name, up to 200 characters.", formatZH: "款式名称，最多 200 个字符。"},
	colDescription: {key: "description", zh: "描述", aliases: []string{"说明"}, order: true, width: 30,
		format: "Free text, up to 4,000 characters.", formatZH: "自由文本，最多 4000 个字符。"},
	colCategory: {key: "category", zh: "品类", aliases: []string{"类别"}, order: true, width: 14,
		format: "Product category, up to 100 characters.", formatZH: "产品品类，最多 100 个字符。"},
	colUnit: {key: "unit", zh: "单位", order: true, width: 8,
		format: "Unit of quantity; blank means pcs.", formatZH: "数量单位；留空为 pcs（件）。"},
	colExFactory: {key: "ex_factory_date", zh: "出厂日期", aliases: []string{"ex_factory", "交货期"}, required: true, order: true, width: 14,
		format:   "Date YYYY-MM-DD (an Excel date cell, YYYY/M/D or YYYY年M月D日 also work).",
		formatZH: "日期，格式 YYYY-MM-DD（也可用 Excel 日期单元格、YYYY/M/D 或 YYYY年M月D日）。"},
	colShipMode: {key: "ship_mode", zh: "运输方式", aliases: []string{"shipping_mode"}, required: true, order: true, width: 11,
		format:   "sea, air, rail, truck or courier.",
		formatZH: "海运 sea、空运 air、铁路 rail、陆运 truck 或快递 courier。"},
	colDestination: {key: "destination", zh: "目的地", order: true, width: 16,
		format: "Port or city, up to 200 characters.", formatZH: "目的港或城市，最多 200 个字符。"},
	colUnitPrice: {key: "unit_price", zh: "单价", aliases: []string{"price"}, order: true, width: 11,
		format:   "Decimal number, at most 4 decimals; never shown to the factory.",
		formatZH: "数字，最多 4 位小数；工厂看不到。"},
	colCurrency: {key: "currency", zh: "币种", aliases: []string{"货币"}, order: true, width: 9,
		format: "3-letter ISO code such as USD or CNY; required with a unit price.", formatZH: "3 位币种代码，如 USD、CNY；填了单价则必填。"},
	colTolerance: {key: "tolerance_pct", zh: "溢短装%", aliases: []string{"tolerance", "溢短装", "溢短装比例"}, order: true, width: 13,
		format:   "Over/short shipment tolerance in percent, whole number 0–30; blank means 5.",
		formatZH: "溢短装百分比，0–30 的整数；留空为 5。"},
	colColour: {key: "colour", zh: "颜色", aliases: []string{"color"}, required: true, width: 16,
		format: "Colour of this line, up to 100 characters.", formatZH: "本行颜色，最多 100 个字符。"},
	colSize: {key: "size", zh: "尺码", required: true, width: 8,
		format: "Size of this line, up to 40 characters; a colour/size pair only once per PO.", formatZH: "本行尺码，最多 40 个字符；同一订单内颜色+尺码不能重复。"},
	colQuantity: {key: "quantity", zh: "数量", aliases: []string{"qty"}, required: true, width: 10,
		format: "Whole number from 1 to 10,000,000.", formatZH: "1 至 10,000,000 的整数。"},
}

// headerKey normalises a header cell: case, spaces and dashes do not matter.
func headerKey(h string) string {
	h = strings.TrimSuffix(strings.TrimSpace(h), "*")
	h = strings.ToLower(strings.TrimSpace(h))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(h)
}

// headerIndex maps every accepted header to its column.
var headerIndex = func() map[string]int {
	m := map[string]int{}
	for i, c := range columns {
		m[headerKey(c.key)] = i
		m[headerKey(c.zh)] = i
		for _, a := range c.aliases {
			m[headerKey(a)] = i
		}
	}
	return m
}()

// columnRank orders row problems: file problems first, then by column.
func columnRank(name string) int {
	for i, c := range columns {
		if c.key == name {
			return i + 1
		}
	}
	return 0
}

// modelFieldColumn maps the model's field names to columns.
var modelFieldColumn = map[string]int{
	"po_number": colPO, "customer_id": colCustomer, "supplier_id": colSupplier, "merchandiser_id": colMerchandiser,
	"style_no": colStyleNo, "style_name": colStyleName, "description": colDescription, "category": colCategory,
	"unit": colUnit, "ex_factory_date": colExFactory, "ship_mode": colShipMode, "destination": colDestination,
	"unit_price": colUnitPrice, "currency": colCurrency, "tolerance_pct": colTolerance,
	"colour": colColour, "size": colSize, "quantity": colQuantity,
}
