// Messages of the staff order screens (zh-CN); keys mirror the other language.
export default {};
