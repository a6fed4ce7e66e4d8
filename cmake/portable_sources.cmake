# The sources of the layers that solve one patient and nothing more (core, dosing, model, and the
# models), relative to the project root: the native build's libraries and the teaching page's
# WebAssembly build (teach/) compile the same files. They use only the C++ standard library,
# Random123, Eigen and Boost headers: no TBB, HDF5 or yaml-cpp.
set(repop_core_sources engine/core/error.cpp engine/core/input_error.cpp engine/core/number_text.cpp
                       engine/core/random_stream.cpp engine/core/sample_quantile.cpp
                       engine/core/given_data_sensitivity.cpp)
set(repop_dosing_sources engine/dosing/input_timeline.cpp engine/dosing/output_grid.cpp)
set(repop_model_sources engine/model/calibrated_variant.cpp engine/model/declarations.cpp
                        engine/model/model_registry.cpp)
# models/: the calibrated models' values are generated C++ (models/CMakeLists.txt) and come on top.
set(repop_models_sources
  models/models.cpp
  models/calibrated_model.cpp
  models/alz-cal-1/alz_cal_1_model.cpp
  models/alz-cal-2/alz_cal_2_model.cpp
  models/alz-ms-1/alz_ms_1_model.cpp
  models/alz-ms-1/alz_ms_1_parameters.cpp
  models/alz-ms-2/alz_ms_2_model.cpp
  models/alz-ms-2/alz_ms_2_parameters.cpp
  models/alz-ref-1/alz_ref_1_model.cpp
  models/alz-ref-1/alz_ref_1_parameters.cpp
  models/clad-ref-1/clad_ref_1_model.cpp
  models/clad-ref-1/clad_ref_1_parameters.cpp)
