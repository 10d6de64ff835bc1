// llcjit: compile formula strings into native callbacks for SciPy-style drivers.
#pragma once

#include <llcjit/callback.hpp>
#include <llcjit/dtype.hpp>
#include <llcjit/engine.hpp>
#include <llcjit/errors.hpp>
#include <llcjit/interpolation.hpp>
#include <llcjit/language.hpp>
#include <llcjit/ndimage.hpp>
#include <llcjit/options.hpp>
#include <llcjit/progress.hpp>
#include <llcjit/quad.hpp>
#include <llcjit/threads.hpp>
