// Messages of the factory order screens (zh-CN); keys mirror the other language.
export default {};
