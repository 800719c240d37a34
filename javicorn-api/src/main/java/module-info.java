/** The API a javicorn app compiles against. Everything else in javicorn is internal. */
module dev.javicorn.api {
    exports dev.javicorn;
}
