# dlc_add_model(<target> <model.mlir>
#               [MODEL <name>] [HEADER <file name>] [CPU <cpu>] [CPP | CUDA]
#               [FLAGS <extra dlc compile flags>...])
#
# Compiles a dlc model at build time, like tfcompile's tf_library rule, and
# defines a static library <target> holding the compiled entry points. Link
# it and include the generated header (by default <target>.h) to use the
# model's class. CPU defaults to DLC_DEFAULT_CPU (native: the build machine;
# use "portable" for binaries that run on any CPU of the architecture).
# With CPP the model is compiled to portable C++ (`dlc compile --emit=cpp`:
# the vector schedules, the same class; FLAGS can pass --cpp-vector-bits)
# that the project's own C++ compiler builds,
# for targets dlc's LLVM does not generate code for; CPU is then unused.
# With CUDA the entry points run on an NVIDIA GPU (`dlc compile
# --target=cuda`; FLAGS can pass --gpu-arch): the header declares their C
# forms, which take device memory and a dlc::runtime::cuda::Stream, and the
# library links the runtime's CUDA backend (dlc::runtime_cuda), which loads
# the driver at run time: the program builds and starts without CUDA.
function(dlc_add_model target model_file)
  cmake_parse_arguments(ARG "CPP;CUDA" "MODEL;HEADER;CPU" "FLAGS" ${ARGN})
  if(NOT DLC_EXECUTABLE)
    message(FATAL_ERROR "dlc_add_model: DLC_EXECUTABLE is not set")
  endif()
  get_filename_component(model_path "${model_file}" ABSOLUTE)
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/${target}.dlc")
  set(object "${out_dir}/${target}.o")
  if(ARG_HEADER)
    set(header "${out_dir}/${ARG_HEADER}")
  else()
    set(header "${out_dir}/${target}.h")
  endif()
  set(cpu "${DLC_DEFAULT_CPU}")
  if(ARG_CPU)
    set(cpu "${ARG_CPU}")
  endif()
  if(NOT cpu)
    set(cpu native)
  endif()
  set(model_flag)
  if(ARG_MODEL)
    set(model_flag "--model=${ARG_MODEL}")
  endif()

  set(target_flag)
  if(ARG_CUDA)
    if(ARG_CPP)
      message(FATAL_ERROR "dlc_add_model: CPP and CUDA exclude each other")
    endif()
    set(target_flag "--target=cuda")
  endif()

  if(ARG_CPP)
    set(source "${out_dir}/${target}.cpp")
    add_custom_command(
      OUTPUT "${source}" "${header}"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${out_dir}"
      COMMAND "${DLC_EXECUTABLE}" compile "${model_path}" --emit=cpp
              -o "${source}" --header "${header}" ${model_flag} ${ARG_FLAGS}
      DEPENDS "${model_path}" ${DLC_EXECUTABLE_DEPENDS}
      COMMENT "dlc: compiling ${model_file} to C++"
      VERBATIM)
    add_library(${target} STATIC "${source}" "${header}")
    set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
    target_compile_features(${target} PRIVATE cxx_std_17)
    # The generated code relies on IEEE semantics (NaN tests, signed zeros).
    target_compile_options(${target} PRIVATE
      $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-fno-fast-math>)
  else()
    add_custom_command(
      OUTPUT "${object}" "${header}"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${out_dir}"
      COMMAND "${DLC_EXECUTABLE}" compile "${model_path}" -o "${object}"
              --header "${header}" --mcpu=${cpu} ${target_flag} ${model_flag}
              ${ARG_FLAGS}
      DEPENDS "${model_path}" ${DLC_EXECUTABLE_DEPENDS}
      COMMENT "dlc: compiling ${model_file}"
      VERBATIM)
    set_source_files_properties("${object}" PROPERTIES
      EXTERNAL_OBJECT TRUE GENERATED TRUE)
    add_library(${target} STATIC "${object}" "${header}")
  endif()
  set_target_properties(${target} PROPERTIES LINKER_LANGUAGE CXX)
  target_include_directories(${target} PUBLIC "${out_dir}")
  target_link_libraries(${target} PUBLIC dlc::runtime m)
  if(ARG_CUDA)
    target_link_libraries(${target} PUBLIC dlc::runtime_cuda)
  endif()
endfunction()
